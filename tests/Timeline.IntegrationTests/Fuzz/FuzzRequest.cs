using System.Net.Http.Headers;
using System.Text;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// One request of the walk, kept as plain parts (the query already percent-encoded, the body as bytes) so that a
/// mutation can spoil any of them and a failure can print exactly what was sent.
/// </summary>
public sealed class FuzzRequest(ApiOperation operation, string role, string path)
{
    public ApiOperation Operation { get; } = operation;

    /// <summary>admin, editor, reader or anonymous.</summary>
    public string Role { get; } = role;

    public string Path { get; set; } = path;

    /// <summary>The operation's method, unless a mutation sends another.</summary>
    public string Method { get; set; } = operation.Method;

    public List<(string Name, string Encoded)> Query { get; } = [];

    public List<(string Name, string Value)> Headers { get; } = [];

    public byte[]? Body { get; set; }

    public string? ContentType { get; set; }

    /// <summary>What was spoilt, or "valid".</summary>
    public string Mutation { get; set; } = "valid";

    public string Url => Query.Count == 0 ? Path : $"{Path}?{string.Join('&', Query.Select(q => $"{q.Name}={q.Encoded}"))}";

    public void SetHeader(string name, string value)
    {
        Headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        Headers.Add((name, value));
    }

    public HttpRequestMessage ToMessage(string? key)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Relative));
        if (key is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Authorization = null;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.Remove(name);
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>The request as a failure prints it: enough to send it again with curl.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Shorten(Url, 600)).Append("  [as ").Append(Role).Append(", ").Append(Mutation).AppendLine("]");
        if (ContentType is not null)
        {
            text.Append("  Content-Type: ").AppendLine(ContentType);
        }

        foreach (var (name, value) in Headers)
        {
            text.Append("  ").Append(name).Append(": ").AppendLine(Shorten(value, 200));
        }

        if (Body is not null)
        {
            text.Append("  body (").Append(Body.Length).Append(" bytes): ").AppendLine(Shorten(Encoding.UTF8.GetString(Body), 600));
        }

        return text.ToString();
    }

    public static string Shorten(string text, int length) =>
        text.Length <= length ? text : $"{text[..length]}… ({text.Length} characters)";
}
