using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Timelines;
using Timeline.Core.Alerts;
using Timeline.Core.Data;

namespace Timeline.Benchmarks;

/// <summary>
/// Deterministic, varied subscriptions (subscription <c>i</c> is the same on every run), the mix a tracker's users
/// would save: most watch particular actors (vessels, companies and people of a long tail, now and then one of the data
/// set's states), some a tag or a type with words to look for, a few a whole type subtree in one year, a few only
/// words (found under <c>*</c>: a candidate for every change, confirmed by full text). Filters add type, date range,
/// status or <c>q</c> conditions on top. Written as <c>POST /api/subscriptions</c> writes them (filter JSON in the
/// API's options, <c>match_keys</c> from <see cref="TimelineFilter.IndexKeys"/>), in one statement, without webhooks.
/// </summary>
public static class Subscribers
{
    private static readonly string[] Phrases =
    [
        "Kursk troops", "shadow fleet", "ship-to-ship transfers", "drone factory Alabuga", "price cap", "falsified documents",
        "Lazarus laundering", "ballistic missiles Pyongyang", "asset freeze", "dual-use goods Istanbul", "refinery Novorossiysk",
        "crypto exchange", "IT workers", "gold exports", "rail shipments Rajin", "semiconductors Shenzhen",
    ];

    private static readonly string[] Subtrees = ["military.*", "sanctions.*", "trade.*", "un.*"];

    private static readonly string[] Statuses = ["reported", "confirmed", "disputed"];

    public static TimelineFilter Filter(int index)
    {
        var random = new Random(DataSet.StableSeed(20260101, index));
        T One<T>(T[] items) => items[random.Next(items.Length)];
        string[] Some(Func<string> pick, int most) => [.. Enumerable.Range(0, 1 + random.Next(most)).Select(_ => pick()).Distinct()];
        string Type() => random.NextDouble() < 0.3 ? One(Subtrees) : One(DataSet.Types).Type;
        // The long tail: IMO numbers and registry ids; 1 in 200 picks is one of the data set's 40 actors.
        string Actor() => random.NextDouble() < 0.005 ? One(DataSet.Actors).Code
            : random.Next(2) == 0 ? $"IMO{9_000_000 + random.Next(5_000):D7}" : $"OS{random.Next(5_000):D5}";
        (string? From, string? To) Range()
        {
            var from = 2000 + random.Next(26);
            return random.Next(3) switch { 0 => ($"{from}", null), 1 => (null, $"{from}"), _ => ($"{from}", $"{Math.Min(2025, from + random.Next(4))}") };
        }

        var share = random.NextDouble();
        var year = $"{2000 + random.Next(26)}";
        var filter = share switch
        {
            < 0.80 => new TimelineFilter { Actor = Some(Actor, 3), Type = random.NextDouble() < 0.3 ? [Type()] : null },
            < 0.88 => new TimelineFilter { Tag = Some(() => One(DataSet.Tags), 2), Type = random.NextDouble() < 0.3 ? [Type()] : null },
            < 0.96 => new TimelineFilter { Type = Some(Type, 2), Q = One(Phrases) },
            < 0.98 => new TimelineFilter { Type = [One(Subtrees)], From = year, To = year },
            _ => new TimelineFilter { Q = One(Phrases) },
        };
        if (share is < 0.96 or >= 0.98 && random.NextDouble() < 0.3)
        {
            var (from, to) = Range();
            filter = filter with { From = from, To = to };
        }

        if (random.NextDouble() < 0.1)
        {
            filter = filter with { Status = Some(() => One(Statuses), 2) };
        }

        if (share < 0.88 && random.NextDouble() < 0.1)
        {
            filter = filter with { Q = One(Phrases) };
        }

        return filter;
    }

    /// <summary>Writes <paramref name="count"/> subscriptions of <paramref name="owner"/>; every filter passes the API's rules.</summary>
    public static async Task AddAsync(InProcessApi api, int count, Guid owner, DateTimeOffset now)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TimelineDbContext>();
        var json = scope.ServiceProvider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var rules = new TimelineFilterValidator();
        for (var i = 0; i < count; i++)
        {
            var filter = Filter(i);
            var checkedFilter = rules.Validate(filter);
            if (!checkedFilter.IsValid)
            {
                throw new InvalidOperationException($"subscription {i}: {checkedFilter}");
            }

            db.Subscriptions.Add(new Subscription
            {
                Id = Guid.CreateVersion7(now),
                Name = $"bench watch {i}",
                Filter = JsonSerializer.Serialize(filter, json),
                Kinds = i % 3 == 0 ? [AlertKinds.EventRecorded] : AlertKinds.All,
                CreatedAt = now,
                CreatedBy = "bench",
                OwnerKeyId = owner,
                MatchKeys = filter.IndexKeys(),
            });
        }

        await db.SaveChangesAsync();
    }
}
