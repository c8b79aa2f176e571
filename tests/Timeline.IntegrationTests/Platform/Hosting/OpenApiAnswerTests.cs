using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Timeline.IntegrationTests.Features.Events;
using Timeline.IntegrationTests.Support;

namespace Timeline.IntegrationTests.Platform.Hosting;

/// <summary>Real error answers, each provoked on purpose: the document lists its status for that operation, and the body fits.</summary>
public sealed class OpenApiAnswerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Error_answers_the_api_gives_are_documented_for_their_operation()
    {
        var operations = (await OpenApiOperations.LoadAsync(api.Anonymous())).ToDictionary(o => o.Name, o => o.Operation);
        var problem = await OpenApiOperations.SchemaAsync(api.Anonymous(), "ProblemDetails");
        var editor = await api.As("editor");
        var reader = await api.As("reader");
        var id = (string)(await editor.Record(Bodies.Event(Bodies.UniqueTag())))["id"]!;
        var duplicate = new { code = "KP", name = "North Korea", kind = "state" };
        var idempotent = new HttpRequestMessage(HttpMethod.Post, "/api/actors") { Content = JsonContent.Create(new { code = "XA", name = "A", kind = "organisation" }) };
        idempotent.Headers.Add("Idempotency-Key", "openapi-answers");
        Assert.Equal(201, (int)(await editor.SendAsync(idempotent)).StatusCode);
        var reused = new HttpRequestMessage(HttpMethod.Post, "/api/actors") { Content = JsonContent.Create(new { code = "XB", name = "B", kind = "organisation" }) };
        reused.Headers.Add("Idempotency-Key", "openapi-answers");

        var answers = new (string Operation, int Status, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("GET /api/timeline", 401, () => api.Anonymous().GetAsync("/api/timeline")),
            ("GET /api/timeline", 400, () => reader.GetAsync("/api/timeline?as_of=2024")),
            ("GET /api/events/{id}", 404, () => reader.GetAsync($"/api/events/{Guid.NewGuid()}")),
            ("GET /api/keys/{id}", 403, () => editor.GetAsync($"/api/keys/{Guid.NewGuid()}")),
            ("GET /api/keys/{id}", 404, () => api.Admin.GetAsync($"/api/keys/{Guid.NewGuid()}")),
            ("POST /api/events", 403, () => reader.PostAsJsonAsync("/api/events", Bodies.Event(Bodies.UniqueTag()))),
            ("POST /api/events", 415, () => editor.PostAsync("/api/events", new StringContent("{}", Encoding.UTF8, "text/plain"))),
            ("POST /api/actors", 409, () => editor.PostAsJsonAsync("/api/actors", duplicate)),
            ("POST /api/actors", 422, () => editor.SendAsync(reused)),
            ("PATCH /api/events/{id}", 428, () => EventTestHelpers.Patch(editor, id, """{"status": "confirmed"}""", null)),
            ("PATCH /api/events/{id}", 412, () => EventTestHelpers.Patch(editor, id, """{"status": "confirmed"}""", "\"7\"")),
            ("POST /api/events/import", 422, () => Import(editor, """{"title": "no date"}""")),
            ("GET /api/alerts/stream", 404, () => reader.GetAsync($"/api/alerts/stream?subscription={Guid.NewGuid()}")),
        };

        foreach (var (operation, status, send) in answers)
        {
            var response = await send();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{operation}: expected {status}, got {(int)response.StatusCode} {body}");
            Assert.True(operations[operation]["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is not null,
                $"{operation} answered {status}, which its document does not list");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var members = JsonNode.Parse(body)!.AsObject();
            Assert.All(problem["required"]!.AsArray(), m => Assert.True(members.ContainsKey((string)m!), $"{operation} {status} lacks {m}: {body}"));
        }
    }

    [Fact]
    public async Task An_imports_422_is_the_body_its_schema_describes()
    {
        var schema = await OpenApiOperations.SchemaAsync(api.Anonymous(), "ImportRejectedProblem");
        var operations = (await OpenApiOperations.LoadAsync(api.Anonymous())).ToDictionary(o => o.Name, o => o.Operation);
        var documented = operations["POST /api/events/import"]["responses"]!["422"]!["content"]!["application/problem+json"]!["schema"]!;

        var response = await Import(await api.As("editor"), "{\"title\": \"no date\"}\n{\"title\": \"nor this\"}");

        Assert.Equal(422, (int)response.StatusCode);
        Assert.Contains("#/components/schemas/ImportRejectedProblem", documented.ToJsonString(), StringComparison.Ordinal);
        var body = await response.Json();
        var properties = schema["properties"]!.AsObject();
        Assert.Equal(properties.Select(p => p.Key).Order(), body.Select(m => m.Key).Order());
        Assert.All(schema["required"]!.AsArray(), m => Assert.True(body.ContainsKey((string)m!), $"the body lacks {m}"));
        Assert.Equal(2, (int)body["rejectedCount"]!);
        var line = body["rejected"]![0]!.AsObject();
        var lineSchema = await OpenApiOperations.SchemaAsync(api.Anonymous(), "ImportRejection");
        Assert.Equal(lineSchema["properties"]!.AsObject().Select(p => p.Key).Order(), line.Select(m => m.Key).Order());
        Assert.Equal("array", (string?)lineSchema["properties"]!["errors"]!["additionalProperties"]!["type"]);
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, string ndjson)
    {
        var content = new StringContent(ndjson, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        return client.PostAsync("/api/events/import", content);
    }
}
