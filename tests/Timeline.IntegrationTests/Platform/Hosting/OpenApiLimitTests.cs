using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>The OpenAPI document describes <c>limit</c> as what the API takes: a whole number from 1 to 500, everywhere.</summary>
public sealed class OpenApiLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Every_limit_parameter_is_an_integer_from_1_to_500()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).Json();

        var limits = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => (Name: $"{operation.Key.ToUpperInvariant()} {path.Key}", Operation: operation.Value!)))
            .SelectMany(o => (o.Operation["parameters"] as JsonArray ?? []).Select(p => (o.Name, Parameter: p!)))
            .Where(p => string.Equals((string?)p.Parameter["name"], "limit", StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.Contains(limits, l => l.Name == "GET /api/timeline");
        Assert.Contains(limits, l => l.Name == "GET /api/timelines/{slug}/events");
        Assert.Contains(limits, l => l.Name == "GET /api/follow-ups");
        Assert.Contains(limits, l => l.Name == "GET /api/alerts");
        Assert.All(limits, l =>
        {
            var schema = l.Parameter["schema"]!;
            Assert.True(schema["type"] is JsonValue type && (string?)type == "integer", $"{l.Name}: limit is {schema.ToJsonString()}");
            Assert.Equal("1", schema["minimum"]!.ToString());
            Assert.Equal("500", schema["maximum"]!.ToString());
        });
    }
}
