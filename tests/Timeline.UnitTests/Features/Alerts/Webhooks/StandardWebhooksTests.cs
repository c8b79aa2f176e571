using System.Text;
using System.Text.Json;
using Timeline.Api.Features.Alerts.Webhooks;

namespace Timeline.UnitTests.Features.Alerts.Webhooks;

public sealed class StandardWebhooksTests
{
    // The Standard Webhooks spec's published test vector (standard-webhooks/standard-webhooks, the libraries' tests).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = "{\"test\": 2432232314}";

    [Fact]
    public void The_signature_matches_the_specs_test_vector() =>
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", StandardWebhooks.Sign(Secret, MessageId, Timestamp, Body));

    [Fact]
    public void The_signature_covers_the_id_the_timestamp_and_the_body()
    {
        var signed = StandardWebhooks.Sign(Secret, MessageId, Timestamp, Body);
        Assert.NotEqual(signed, StandardWebhooks.Sign(Secret, MessageId + "x", Timestamp, Body));
        Assert.NotEqual(signed, StandardWebhooks.Sign(Secret, MessageId, Timestamp + 1, Body));
        Assert.NotEqual(signed, StandardWebhooks.Sign(Secret, MessageId, Timestamp, "{\"test\": 2432232315}"));
    }

    [Fact]
    public void The_payload_carries_type_timestamp_and_the_alerts_data_as_it_is()
    {
        var raisedAt = new DateTimeOffset(2024, 10, 23, 14, 30, 5, 123, TimeSpan.Zero);
        var payload = StandardWebhooks.Payload("event.recorded", raisedAt, "{\"event\": {\"id\": 7, \"title\": \"Ünïcode\"}}");

        using var json = JsonDocument.Parse(payload);
        Assert.Equal("event.recorded", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(raisedAt, json.RootElement.GetProperty("timestamp").GetDateTimeOffset());
        Assert.EndsWith("Z", json.RootElement.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ünïcode", json.RootElement.GetProperty("data").GetProperty("event").GetProperty("title").GetString());
        Assert.Equal(["type", "timestamp", "data"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Contains("\"data\":{\"event\": {\"id\": 7,", Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
    }
}
