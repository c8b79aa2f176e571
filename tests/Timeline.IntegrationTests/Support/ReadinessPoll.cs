using System.Net;

namespace Timeline.IntegrationTests.Support;

/// <summary>Readiness is checked in the background: a change in the database shows in <c>/health/ready</c> after its next check.</summary>
public static class ReadinessPoll
{
    /// <summary>Asks <c>/health/ready</c> every 100 ms until it answers <paramref name="status"/> (or 15 s pass); returns the last answer's body.</summary>
    public static async Task<string> UntilAsync(HttpClient client, HttpStatusCode status, Func<string, bool>? body = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await client.GetAsync("/health/ready");
            var text = await response.Content.ReadAsStringAsync();
            if ((response.StatusCode == status && (body is null || body(text))) || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, response.StatusCode);
                return text;
            }

            await Task.Delay(100);
        }
    }
}
