using Mediator;
using Timeline.Api.Features.Actors;
using Timeline.Api.Features.Events;
using Timeline.Api.Features.FollowUps;
using Timeline.Api.Features.Places;
using Timeline.Core.Data;

namespace Timeline.Api.Features.Demo;

/// <summary>
/// The demo timeline, written from CSIS's "Crossing the Rubicon: DPRK Sends Troops to Russia" (Victor Cha,
/// 23 Oct 2024). Each date is as precise as the article allows and no more.
/// </summary>
public static class DemoTimelineLoader
{
    public const string RecordedBy = "demo";
    private const string ArticleUrl = "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia";
    private const string ArticleTitle = "Crossing the Rubicon: DPRK Sends Troops to Russia";

    /// <summary>Wikidata ids only where checked; the Multilateral Sanctions Monitoring Team has none given here.</summary>
    private static readonly RecordActor[] ActorsToRecord =
    [
        Actor("KP", "Democratic People's Republic of Korea", "state", ["North Korea", "DPRK"], "Q423"),
        Actor("RU", "Russian Federation", "state", ["Russia"], "Q159"),
        Actor("US", "United States", "state", ["USA"], "Q30"),
        Actor("KR", "Republic of Korea", "state", ["South Korea", "ROK"], "Q884"),
        Actor("JP", "Japan", "state", [], "Q17"),
        Actor("CN", "People's Republic of China", "state", ["China", "PRC"], "Q148"),
        Actor("UA", "Ukraine", "state", [], "Q212"),
        Actor("UN", "United Nations", "organisation", ["UN General Assembly", "UN Security Council"], "Q1065"),
        Actor("NATO", "North Atlantic Treaty Organization", "organisation", [], "Q7184"),
        Actor("MSMT", "Multilateral Sanctions Monitoring Team", "organisation", [], null),
    ];

    private static RecordActor Actor(string code, string name, string kind, string[] aliases, string? wikidata) => new()
    {
        Code = code,
        Name = name,
        Kind = kind,
        Aliases = [.. aliases],
        Identifiers = wikidata is null ? [] : new() { ["wikidata"] = wikidata },
        RecordedBy = RecordedBy,
    };

    public static async Task LoadAsync(IMediator mediator, TimelineDbContext db, CancellationToken ct)
    {
        foreach (var actor in ActorsToRecord)
        {
            if (await db.Actors.FindAsync([actor.Code], ct) is null)
            {
                await mediator.Send(actor, ct);
            }
        }

        await DemoPlaces.LoadAsync(mediator, db, RecordedBy, ct);

        // Credibility (Admiralty 1–6) as the article supports it: what the US government confirmed or the public record
        // shows is 1, claims it backs are 2, "public reports" are 3; CSIS, the one source, is usually reliable (B).
        async Task<Guid> Record(string occurred, string type, string status, int credibility, string title, string summary, string[] actors,
            string[] tags, string quote, params (Guid Id, string Relation)[] related)
        {
            var recorded = await mediator.Send(new RecordEvent
            {
                Title = title,
                Summary = summary,
                Occurred = occurred,
                Type = type,
                Status = status,
                Credibility = credibility,
                Actors = [.. actors],
                Tags = [.. tags],
                Sources = [new SourceFields { Url = ArticleUrl, Title = ArticleTitle, Publisher = "CSIS", Published = new DateOnly(2024, 10, 23), Quote = quote, Reliability = "B" }],
                Related = [.. related.Select(r => new RelatedFields { EventId = r.Id, Relation = r.Relation })],
                Places = DemoPlaces.Of(title),
                RecordedBy = RecordedBy,
            }, ct);
            return recorded.Id;
        }

        await Record("2022-03", "un.vote", "confirmed", 1,
            "DPRK one of five states to oppose UNGA resolution ES-11/1",
            "At the outset of the war North Korea was one of five countries that voted against UN General Assembly Resolution ES-11/1, \"Aggression against Ukraine\".",
            ["UN", "KP", "RU", "UA"], ["ukraine-war", "un-general-assembly"],
            "North Korea's support of Russia became evident at the outset of the war when it was one of five countries that opposed the UN General Assembly Resolution ES-11/1");
        await Record("2022/2024-10", "trade.flow", "reported", 2,
            "Unprecedented rail traffic between DPRK and Russia",
            "DPRK and Russia stopped reporting trade figures at the start of the war; CSIS imagery studies show large and unprecedented amounts of traffic along the rail connections between the two countries.",
            ["KP", "RU"], ["rail", "imagery"],
            "CSIS imagery studies show large and unprecedented amounts of traffic along the rail connections between the two countries");
        var vetoes = await Record("2020-10~/2024-10-23", "un.veto", "confirmed", 1,
            "Russia vetoes at least 13 UN Security Council resolutions in four years",
            "In the past four years Russia has vetoed at least 13 UN Security Council resolutions (not only on the DPRK); China aided and abetted at least five of them.",
            ["RU", "CN", "UN"], ["security-council"],
            "In the past four years, Russia has vetoed at least 13 United Nations Security Council Resolutions (not just on DPRK), and China has aided and abetted at least five of these.");
        var munitions = await Record("2023~/2024-10-23", "military.supply", "reported", 2,
            "DPRK ships 8 million rounds of artillery munitions and scores of ballistic missiles to Russia",
            "North Korea has sent some 8 million rounds of 122 mm and 152 mm munitions and scores of ballistic missiles to Russia for its war in Ukraine.",
            ["KP", "RU"], ["munitions", "ballistic-missiles"],
            "In addition to sending 8 million rounds of 122 millimeter (mm) and 152mm munitions and scores of ballistic missiles");
        await Record("2024", "intelligence.release", "confirmed", 1,
            "US intelligence warns Russia may drop long-held nonproliferation norms",
            "In the 2024 Annual Threat Assessment, Director of National Intelligence Avril Haines expressed concern that Russia may drop long-held nonproliferation norms.",
            ["US", "RU"], ["nonproliferation"],
            "Director of National Intelligence Avril Haines, in the 2024 Annual Threat Assessment, laid down a marker");
        var treaty = await Record("2024-06", "treaty.signed", "confirmed", 1,
            "DPRK and Russia sign a renewed mutual defense treaty",
            "Kim Jong-un and Vladimir Putin sign a renewed mutual defense treaty; sending troops is read as a commitment in its spirit.",
            ["KP", "RU"], ["alliance"],
            "the renewed mutual defense treaty signed by the two leaders in June");
        await Record("2024?", "trade.flow", "reported", 3,
            "DPRK imports of petroleum coke from China rise sharply",
            "Recent public reports say imports of petroleum coke (HS 2713), usable for munitions production, have dramatically increased while overall DPRK-China trade has not returned to pre-pandemic levels.",
            ["CN", "KP"], ["petroleum-coke", "hs-2713"],
            "imports of this good (used for steel production) have dramatically increased while overall trade has only slowly started to return to normal");
        var msmt = await Record("2024-10-14/2024-10-20", "institution.formed", "confirmed", 1,
            "US, Japan and South Korea establish the Multilateral Sanctions Monitoring Team",
            "A new grouping to coordinate sanctions enforcement on North Korea, established the week before 23 October 2024.",
            ["MSMT", "US", "JP", "KR", "KP"], ["sanctions-monitoring"],
            "the new grouping called the Multilateral Sanctions Monitoring Team established by the United States, Japan, and South Korea last week");
        var korean = await Record("2024-09~/2024-10-22", "military.deployment", "reported", 2,
            "South Korea says DPRK is sending troops to Russia",
            "South Korean claims in recent weeks that North Korea is sending troops to Russia.",
            ["KR", "KP", "RU"], ["troops"],
            "backing South Korean and Ukrainian claims in recent weeks", (treaty, "follows"));
        var ukrainian = await Record("2024-09~/2024-10-22", "military.deployment", "reported", 2,
            "Ukraine says DPRK troops are in Russia",
            "Ukrainian claims in recent weeks that North Korean troops are in Russia.",
            ["UA", "KP", "RU"], ["troops"],
            "backing South Korean and Ukrainian claims in recent weeks");
        var confirmed = await Record("2024-10-23", "military.deployment", "confirmed", 1,
            "US confirms DPRK troops in Russia",
            "The U.S. government confirmed and released evidence that North Korea is sending troops to Russia; the White House said at least 3,000 soldiers have moved into eastern Russia.",
            ["KP", "RU", "US"], ["troops"],
            "Today, the U.S. government confirmed and released evidence that North Korea (DPRK) is sending troops to Russia",
            (korean, "confirms"), (ukrainian, "confirms"), (munitions, "follows"));
        await Record("2024-10-23", "statement", "confirmed", 1,
            "Austin calls DPRK troops in Russia a \"very, very serious issue\"",
            "Speaking in Italy after a trip to Ukraine, U.S. Secretary of Defense Lloyd Austin warned of impacts in Europe and the Indo-Pacific.",
            ["US", "KP", "RU"], ["troops"],
            "called this development a \"very, very serious issue\"", (confirmed, "responds-to"));
        var promise = await Record("2024-10-23", "intelligence.release", "confirmed", 1,
            "White House promises intelligence and satellite imagery of DPRK troop movements",
            "The White House promised to share intelligence, including satellite imagery, in the coming days showing North Korean ships carrying troops to Vladivostok and other areas for training before potential deployment.",
            ["US", "KP", "RU"], ["troops", "imagery"],
            "promised to share intelligence, including satellite imagery, in the coming days", (confirmed, "follows"));
        var reported = await Record("../2024-10-23", "military.deployment", "reported", 3,
            "Public reports put DPRK troops for Russia at some 10,000",
            "Some public reports say Kim Jong-un will provide about 10,000 troops, a number limited by the military balance on the peninsula.",
            ["KP", "RU"], ["troops"],
            "Kim will limit the number of troops he provides-some public reports say 10,000", (confirmed, "follows"));
        var condemnation = await Record("../2024-10-23", "statement", "reported", 2,
            "South Korea condemns DPRK troop dispatch",
            "South Korea has condemned North Korea's actions; how it will respond is unclear.",
            ["KR", "KP"], ["troops"],
            "South Korea has condemned North Korean actions, but it's unclear how it will respond", (msmt, "follows"));

        await Measures.DemoMeasures.LoadAsync(mediator, db, RecordedBy, new(confirmed, reported, munitions, vetoes), ct);

        // What the article expects to happen next.
        await mediator.Send(new ExpectFollowUp(promise,
            "The US releases the promised intelligence, including satellite imagery of North Korean ships carrying troops to Vladivostok",
            "2024-10-30~", RecordedBy), ct);
        await mediator.Send(new ExpectFollowUp(confirmed,
            "G7 countries, South Korea, Australia and like-minded partners respond with statements or actions (no UN Security Council action expected)",
            "2024-11", RecordedBy), ct);
        await mediator.Send(new ExpectFollowUp(condemnation,
            "South Korea ups its commitments to Ukraine: economic, humanitarian or direct military assistance",
            "2024-12~", RecordedBy), ct);
        await mediator.Send(new ExpectFollowUp(msmt,
            "The Multilateral Sanctions Monitoring Team publishes its first findings on sanctions enforcement",
            "2025?", RecordedBy), ct);
    }
}
