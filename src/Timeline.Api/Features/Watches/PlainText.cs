using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Timeline.Api.Features.Watches;

/// <summary>
/// An item's HTML reduced to plain text by a real HTML parser (AngleSharp, no scripts run, nothing fetched): scripts,
/// styles and other non-text elements dropped, block elements ending lines, entities decoded, whitespace collapsed. What
/// comes out is only ever shown as text.
/// </summary>
public static partial class PlainText
{
    public const int MaxLength = 20_000;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "head", "form", "button", "select", "textarea",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article", "pre", "hr", "dd", "dt",
    };

    public static string Of(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return "";
        }

        // Plain text with a stray '&' or '<' parses as itself, so one path serves both.
        var document = Parser.ParseDocument("<body>" + html + "</body>");
        var text = new StringBuilder(html.Length);
        Append(document.Body!, text);
        return Cut(Whitespace().Replace(Lines().Replace(text.ToString(), "\n"), " ").Trim());
    }

    /// <summary>A title: one line.</summary>
    public static string Line(string? html, int max)
    {
        var line = Of(html).ReplaceLineEndings(" ");
        return line.Length > max ? line[..max] : line;
    }

    private static void Append(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IElement element)
            {
                if (Dropped.Contains(element.LocalName))
                {
                    continue;
                }

                var block = Blocks.Contains(element.LocalName);
                if (block)
                {
                    text.Append('\n');
                }

                Append(element, text);
                if (block)
                {
                    text.Append('\n');
                }
            }
            else if (child.NodeType == NodeType.Text)
            {
                text.Append(child.TextContent);
            }
        }
    }

    private static string Cut(string text) => text.Length <= MaxLength ? text : text[..MaxLength];

    [GeneratedRegex(@"[ \t\r\f\v\u00A0]+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s*\n\s*")]
    private static partial Regex Lines();
}
