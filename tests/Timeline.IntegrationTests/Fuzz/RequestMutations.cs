namespace Timeline.IntegrationTests.Fuzz;

/// <summary>Spoils the parts around the body: the path, the query and the headers.</summary>
public static class RequestMutations
{
    public static string Path(FuzzRequest request, Random random)
    {
        var segments = request.Path.Split('/');
        // A parameter's segment when there is one: spoiling a fixed one only finds the 404 of an unknown address.
        var parameters = request.Operation.Path.Split('/').Select((s, i) => (s, i)).Where(s => s.s.StartsWith('{')).Select(s => s.i).ToList();
        var at = parameters.Count > 0 && random.Next(4) > 0 ? parameters[random.Next(parameters.Count)] : random.Next(2, segments.Length);
        var bytes = new byte[16];
        random.NextBytes(bytes);
        segments[at] = random.Next(6) switch
        {
            0 => new Guid(bytes).ToString(),
            1 => new string('9', random.Next(1, 3) * 1000),
            2 => "%FF%FE",
            // Not NUL: Kestrel refuses it with a bare 400 before the API sees the request, and the test host throws.
            3 => "%07",
            4 => Uri.EscapeDataString(segments[at] + OddValues.Controls[random.Next(1, OddValues.Controls.Length)]),
            _ => Uri.EscapeDataString(OddValues.Pick(random).Replace("\0", "")) is { Length: > 0 } odd ? odd : "x",
        };
        request.Path = string.Join('/', segments);
        return $"path segment {at} spoilt";
    }

    /// <summary>A method the document gives the address no operation for: a 405.</summary>
    public static string Method(FuzzRequest request, IReadOnlyList<ApiOperation> operations, Random random)
    {
        string[] methods = ["PUT", "DELETE", "PATCH", "POST", "GET", "HEAD", "OPTIONS", "TRACE"];
        var others = methods.Where(m => !operations.Any(o => o.Path == request.Operation.Path && o.Method == m)).ToArray();
        request.Method = others[random.Next(others.Length)];
        return $"method {request.Method}";
    }

    public static string Query(FuzzRequest request, Random random)
    {
        var names = request.Operation.Parameters.Where(p => p.In == "query").Select(p => p.Name).ToList();
        var name = names.Count > 0 && random.Next(6) > 0 ? names[random.Next(names.Count)] : "zz_unknown";
        var value = random.Next(7) switch
        {
            0 => Uri.EscapeDataString(OddValues.Huge(random) is var huge && huge.Length > 20_000 ? huge[..20_000] : huge),
            1 => "%FF%FE%FD",
            2 => "%00",
            3 => Uri.EscapeDataString(OddValues.Controls[random.Next(OddValues.Controls.Length)].ToString()),
            4 => random.Next(3) switch { 0 => "0", 1 => "501", _ => "-9223372036854775809" },
            _ => Uri.EscapeDataString(OddValues.Pick(random)),
        };
        if (random.Next(3) == 0)
        {
            request.Query.RemoveAll(q => q.Name == name);
        }

        request.Query.Add((random.Next(8) == 0 ? name.ToUpperInvariant() : name, value));
        return $"query {name} spoilt";
    }

    private static readonly (string Name, string[] Values)[] OddHeaders =
    [
        ("Content-Type", ["text/plain", "application/xml", "application/json; charset=latin1", "application/json; charset=utf-16",
            "garbage", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=\"\"", ";"]),
        ("Accept", ["application/xml", "text/html", "image/png", "*/*;q=0", "garbage/", "text/event-stream", "application/x-ndjson"]),
        ("Authorization", ["Bearer", "Bearer ", "Bearer tl_not-a-real-key-0000000000000000", "Basic YWRtaW46YWRtaW4=",
            "Bearer " + new string('k', 8_000), "bearer \u00e9\u00e9", "Token abc", "Bearer a b c"]),
        ("If-Match", ["", "garbage", "\"999999999999999999999\"", "W/\"-1\"", "*", "\"1\", \"2\"", new string('"', 500)]),
        ("Idempotency-Key", ["", " ", new string('i', 5_000), "\u00e9t\u00e9", "same", "a,b"]),
        ("Timeline-Consistency", ["", "garbage", "0/", "/0", "1/2/3", "123456789/0", "0/16B3748, 0/1", "-1/0", "\u00e9/0"]),
        ("Last-Event-ID", ["", "-1", "abc", "99999999999999999999999", "\u00e9"]),
        ("Content-Encoding", ["gzip", "br", "identity", "x-unknown"]),
        ("X-Forwarded-For", ["127.0.0.1", "not-an-address", "::1, 10.0.0.1"]),
        ("Range", ["bytes=0-1", "bytes=-1", "lines=1"]),
    ];

    public static string Header(FuzzRequest request, Random random)
    {
        var (name, values) = OddHeaders[random.Next(OddHeaders.Length)];
        var value = values[random.Next(values.Length)];
        if (name == "Content-Type")
        {
            request.ContentType = value;
            request.Body ??= "{}"u8.ToArray();
        }
        else
        {
            request.SetHeader(name, value);
        }

        return $"header {name}: {FuzzRequest.Shorten(value, 40)}";
    }
}
