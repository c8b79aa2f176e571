using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>What /openapi/v1.json says of every operation: its error answers, its parameters' names, its paths.</summary>
public sealed partial class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string ProblemRef = "#/components/schemas/ProblemDetails";

    [Fact]
    public async Task Every_error_answer_of_every_operation_is_problem_details()
    {
        var operations = await OpenApiOperations.LoadAsync(api.Anonymous());

        Assert.True(operations.Count > 30, $"only {operations.Count} operations");
        foreach (var (name, operation) in operations)
        {
            var errors = Responses(operation).Where(r => r.Status >= 400).ToList();
            Assert.True(errors.Count > 0, $"{name} lists no error answers");
            foreach (var (status, response) in errors)
            {
                if (name == "GET /health/ready" && status == 503)
                {
                    // Readiness answers in plain text, as load balancers read it.
                    Assert.NotNull(response["content"]!["text/plain"]);
                    continue;
                }

                var schema = response["content"]?["application/problem+json"]?["schema"];
                Assert.True(schema is not null, $"{name} {status} is not application/problem+json: {response.ToJsonString()}");
                var refs = schema["anyOf"] is JsonArray anyOf ? anyOf.Select(s => (string?)s!["$ref"]) : [(string?)schema["$ref"]];
                Assert.True(refs.Contains(ProblemRef), $"{name} {status} does not reference ProblemDetails: {schema.ToJsonString()}");
                Assert.False(string.IsNullOrWhiteSpace((string?)response["description"]), $"{name} {status} does not say why");
            }
        }
    }

    [Fact]
    public async Task What_every_api_operation_can_answer_is_listed()
    {
        var operations = await OpenApiOperations.LoadAsync(api.Anonymous());

        foreach (var (name, operation) in operations.Where(o => o.Name.Contains(" /api/", StringComparison.Ordinal)))
        {
            var statuses = Responses(operation).Select(r => r.Status).ToHashSet();
            // Every request's address is checked, every key looked up (in the database) and rate-limited.
            foreach (var always in new[] { 400, 401, 429, 503 })
            {
                Assert.True(statuses.Contains(always), $"{name} lacks {always}: it lists {string.Join(", ", statuses)}");
            }

            Assert.Equal(name.Contains('{', StringComparison.Ordinal) || name == "GET /api/alerts/stream", statuses.Contains(404));
            if (name.StartsWith("POST ", StringComparison.Ordinal) || name.StartsWith("PATCH ", StringComparison.Ordinal))
            {
                Assert.True(statuses.IsSupersetOf([413, 415]), $"{name} reads a body but lacks 413 or 415");
            }

            if (name.StartsWith("POST ", StringComparison.Ordinal))
            {
                Assert.True(statuses.Contains(422), $"{name} takes an Idempotency-Key but lacks its 422");
                Assert.Contains(operation["parameters"]!.AsArray(), p => (string?)p!["name"] == "Idempotency-Key" && (string?)p["in"] == "header");
            }
        }

        var patch = operations.Single(o => o.Name == "PATCH /api/events/{id}").Operation;
        Assert.True(Responses(patch).Select(r => r.Status).ToHashSet().IsSupersetOf([403, 409, 412, 428]));
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "If-Match" && (bool?)p["required"] == true);
        Assert.DoesNotContain(Responses(operations.Single(o => o.Name == "GET /api/timeline").Operation), r => r.Status == 403);
        Assert.Contains(Responses(operations.Single(o => o.Name == "GET /api/keys").Operation), r => r.Status == 403);
    }

    [Fact]
    public async Task Query_parameters_have_the_camelCase_names_the_api_takes_and_limit_is_an_integer()
    {
        var operations = await OpenApiOperations.LoadAsync(api.Anonymous());

        var query = operations.SelectMany(o => (o.Operation["parameters"] as JsonArray ?? [])
            .Where(p => (string?)p!["in"] == "query").Select(p => (o.Name, Parameter: p!))).ToList();
        Assert.NotEmpty(query);
        Assert.All(query, q =>
        {
            var parameter = (string)q.Parameter["name"]!;
            Assert.True(CamelCase().IsMatch(parameter), $"{q.Name}: {parameter} is not camelCase");
            Assert.True(q.Parameter["schema"]?["type"] is not null, $"{q.Name}: {parameter} has no type");
        });
        Assert.All(query.Where(q => (string?)q.Parameter["name"] == "limit"), q => Assert.Equal("integer", (string?)q.Parameter["schema"]!["type"]));

        // The names the timeline documents are the ones it takes: its 400 for an unknown one lists them.
        var documented = query.Where(q => q.Name == "GET /api/timeline").Select(q => (string)q.Parameter["name"]!).Order().ToList();
        Assert.Contains("asOf", documented);
        var refusal = await (await api.As("reader")).GetAsync("/api/timeline?as_of=2024-01-01T00:00:00Z");
        var detail = (string)(await refusal.Json())["errors"]!["as_of"]![0]!;
        var accepted = detail[(detail.IndexOf("are ", StringComparison.Ordinal) + 4)..].Split(", ").Order().ToList();
        Assert.Equal(accepted, documented);
    }

    [Fact]
    public async Task A_key_by_id_and_the_health_endpoints_are_described()
    {
        var operations = await OpenApiOperations.LoadAsync(api.Anonymous());

        var key = operations.Single(o => o.Name == "GET /api/keys/{id}").Operation;
        Assert.Equal("#/components/schemas/KeyView", (string?)key["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        foreach (var health in new[] { "GET /health/live", "GET /health/ready" })
        {
            var operation = operations.Single(o => o.Name == health).Operation;
            Assert.Equal("[]", operation["security"]?.ToJsonString());
            Assert.NotNull(operation["responses"]!["200"]!["content"]!["text/plain"]);
        }

        Assert.NotNull(operations.Single(o => o.Name == "GET /health/ready").Operation["responses"]!["503"]);
    }

    private static IEnumerable<(int Status, JsonObject Response)> Responses(JsonNode operation) =>
        operation["responses"]!.AsObject().Select(r => (int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture), r.Value!.AsObject()));

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex CamelCase();
}
