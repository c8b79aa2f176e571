using System.Net;

namespace Timeline.IntegrationTests.Support;

/// <summary>Readiness is checked in the background: a change in the database shows in <c>/health/ready</c> after its next check.</summary>
public static class ReadinessPoll
{
    /// <summary>Asks <c>/health/ready</c> every 100 ms until it answers <paramref name="status"/> (or 15 s pass); returns the last answer's body.</summary>
    public static async Task<string> UntilAsync(HttpClient client, HttpStatusCode status, Func<string, bool>? body = null)
    {
        var answered = (Status: (HttpStatusCode)0, Text: "");
        await Wait.Eventually(async () =>
        {
            var response = await client.GetAsync("/health/ready");
            answered = (response.StatusCode, await response.Content.ReadAsStringAsync());
            return answered.Status == status && (body is null || body(answered.Text));
        }, TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(100));
        Assert.Equal(status, answered.Status);
        return answered.Text;
    }
}
