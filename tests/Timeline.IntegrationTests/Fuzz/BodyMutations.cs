using System.Text;
using System.Text.Json.Nodes;

namespace Timeline.IntegrationTests.Fuzz;

/// <summary>
/// Spoils a request body: as JSON (a member dropped, given the wrong type, an odd or huge string, a control character,
/// an unknown member, deep nesting) or as bytes (invalid UTF-8, cut short, a member twice, not JSON at all).
/// </summary>
public static class BodyMutations
{
    public static void Apply(FuzzRequest request, Random random)
    {
        if (request.Body is not null && random.Next(3) > 0)
        {
            switch (request.ContentType)
            {
                case "application/json" or "application/merge-patch+json" when Parses(request.Body, out var json):
                    request.Mutation = Tree(ref json, random);
                    request.Body = Encoding.UTF8.GetBytes(json?.ToJsonString() ?? "null");
                    return;
                case "application/x-ndjson" when SpoilLine(request, random):
                    return;
            }
        }

        request.Mutation = Bytes(request, random);
    }

    /// <summary>One line of an import spoilt as JSON, the others left as they were.</summary>
    private static bool SpoilLine(FuzzRequest request, Random random)
    {
        var lines = Encoding.UTF8.GetString(request.Body!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var at = random.Next(lines.Length);
        if (at >= lines.Length || !Parses(Encoding.UTF8.GetBytes(lines[at]), out var line))
        {
            return false;
        }

        request.Mutation = $"line {at + 1}: {Tree(ref line, random)}";
        lines[at] = line?.ToJsonString() ?? "null";
        request.Body = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        return true;
    }

    /// <summary>Whether the body is still JSON (an earlier mutation may have spoilt its bytes).</summary>
    private static bool Parses(byte[] body, out JsonNode? json)
    {
        try
        {
            // Duplicates refused here, as the API refuses them, rather than thrown later as the tree is walked.
            json = JsonNode.Parse(body, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            json = null;
            return false;
        }
    }

    private static string Tree(ref JsonNode? root, Random random)
    {
        var nodes = Walk(root).ToList();
        var (target, at) = nodes[random.Next(nodes.Count)];
        JsonNode? replacement;
        string what;
        switch (random.Next(8))
        {
            case 0 when target?.Parent is JsonObject owner:
                owner.Remove(target.GetPropertyName());
                return $"member {at} dropped";
            case 1 when target is JsonObject obj:
                obj[random.Next(2) == 0 ? "zzUnknown" : "$type"] = random.Next(2) == 0 ? 1 : "x";
                return $"unknown member in {at}";
            case 2:
                var text = target is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string)v! : "text";
                var control = OddValues.Controls[random.Next(OddValues.Controls.Length)];
                replacement = text.Insert(random.Next(text.Length + 1), control.ToString());
                what = $"U+{(int)control:X4} in {at}";
                break;
            case 3:
                replacement = OddValues.Huge(random);
                what = $"huge string at {at}";
                break;
            case 4:
                replacement = Deep(random.Next(2) == 0 ? 70 : 5);
                what = $"nested arrays at {at}";
                break;
            case 5:
                replacement = OddValues.Pick(random);
                what = $"odd string at {at}";
                break;
            default:
                replacement = WrongType(target, random);
                what = $"wrong type at {at}";
                break;
        }

        if (target?.Parent is null)
        {
            root = replacement;
        }
        else
        {
            target.ReplaceWith(replacement);
        }

        return what;
    }

    private static JsonNode? WrongType(JsonNode? value, Random random)
    {
        JsonNode?[] others = [null, 0, -1, 1.5, 1e300, long.MaxValue, true, "1", new JsonArray(), new JsonObject(), new JsonArray(1, "a", null)];
        var kind = value?.GetValueKind();
        var candidates = others.Where(o => o?.GetValueKind() != kind).ToArray();
        return candidates[random.Next(candidates.Length)];
    }

    private static JsonNode Deep(int depth)
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < depth; i++)
        {
            node = new JsonArray(node);
        }

        return node;
    }

    private static IEnumerable<(JsonNode? Node, string Path)> Walk(JsonNode? node, string path = "$")
    {
        yield return (node, path);
        var children = node switch
        {
            JsonObject obj => obj.Select(m => (m.Value, $"{path}.{m.Key}")),
            JsonArray array => array.Select((item, i) => (item, $"{path}[{i}]")),
            _ => [],
        };
        foreach (var (child, at) in children.ToList())
        {
            foreach (var inner in Walk(child, at))
            {
                yield return inner;
            }
        }
    }

    private static string Bytes(FuzzRequest request, Random random)
    {
        var body = request.Body ?? [];
        switch (random.Next(7))
        {
            case 0:
                var bad = OddValues.InvalidUtf8[random.Next(OddValues.InvalidUtf8.Length)];
                // Inside a string when there is one, where a lenient reader would keep it.
                var quote = Array.IndexOf(body, (byte)'"', random.Next(Math.Max(1, body.Length)));
                var at = quote < 0 ? random.Next(body.Length + 1) : quote + 1;
                request.Body = [.. body[..at], .. bad, .. body[at..]];
                return $"invalid UTF-8 ({Convert.ToHexString(bad)}) at byte {at}";
            case 1:
                request.Body = body[..random.Next(body.Length + 1)];
                return "body cut short";
            case 2:
                request.Body = body.Length > 1 && body[0] == '{' ? [.. "{\"title\":\"a\","u8, .. body[1..]] : [.. "{\"a\":1,\"a\":2}"u8];
                return "a member given twice";
            case 3:
                request.Body = [];
                return "empty body";
            case 4:
                request.Body = [0xef, 0xbb, 0xbf, .. body];
                return "UTF-8 byte order mark";
            case 5:
                request.Body = Encoding.UTF8.GetBytes(OddValues.Pick(random));
                return "not JSON";
            default:
                request.Body = null;
                request.ContentType = null;
                return "no body";
        }
    }
}
