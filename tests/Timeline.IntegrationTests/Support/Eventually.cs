using System.Diagnostics;

namespace Timeline.IntegrationTests.Support;

/// <summary>
/// The one way a test waits for something done in the background (a log subscriber's page, a webhook delivery, a
/// restart): ask again every <c>every</c> until it holds or <c>within</c> has passed. Sleeping a fixed time instead
/// would be slow when the machine is quiet and flaky when it is busy.
/// </summary>
public static class Wait
{
    /// <summary>Polls <paramref name="done"/> until it holds or the time is up; says whether it held. The caller asserts what matters.</summary>
    public static async Task<bool> Eventually(Func<Task<bool>> done, TimeSpan within, TimeSpan every)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed >= within)
            {
                return false;
            }

            await Task.Delay(every);
        }

        return true;
    }

    /// <summary>Polls <paramref name="done"/> until it holds; fails the test with <paramref name="failure"/> if <paramref name="within"/> passes first.</summary>
    public static async Task Eventually(Func<Task<bool>> done, TimeSpan within, TimeSpan every, string failure) =>
        Assert.True(await Eventually(done, within, every), failure);
}
