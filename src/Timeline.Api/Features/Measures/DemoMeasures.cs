using Mediator;
using Timeline.Api.Features.Events;
using Timeline.Core.Data;
using Timeline.Core.Measures;

namespace Timeline.Api.Features.Measures;

/// <summary>
/// The demo's measures and claims, each figure as the CSIS article gives it and quoting it. Every claim cites the one
/// article, so each measure counts one independent source: the figures reach us through it, whoever first said them.
/// </summary>
public static class DemoMeasures
{
    /// <summary>The demo events the claims are linked to.</summary>
    public sealed record Events(Guid TroopsConfirmed, Guid TroopsReported, Guid Munitions, Guid Vetoes);

    private const string ArticleUrl = "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia";
    private const string ArticleTitle = "Crossing the Rubicon: DPRK Sends Troops to Russia";

    private const string VetoQuote = "In the past four years, Russia has vetoed at least 13 United Nations Security Council Resolutions (not just on DPRK), "
        + "and China has aided and abetted at least five of these.";

    public static async Task LoadAsync(IMediator mediator, TimelineDbContext db, string recordedBy, Events events, CancellationToken ct)
    {
        async Task Measure(string code, string name, string unit, string[] actors, string description)
        {
            if (await db.Measures.FindAsync([code], ct) is null)
            {
                await mediator.Send(new RecordMeasure { Code = code, Name = name, Unit = unit, Actors = actors, Description = description, RecordedBy = recordedBy },
                    ct);
            }
        }

        Task<ClaimView> Claim(string measure, decimal value, string qualifier, string asOf, string? period, Guid eventId, string quote, string? note) =>
            mediator.Send(new RecordClaim
            {
                Measure = measure, Value = value, Qualifier = qualifier, AsOf = asOf, Period = period, EventId = eventId, Note = note,
                Source = new SourceFields
                {
                    Url = ArticleUrl, Title = ArticleTitle, Publisher = "CSIS", Published = new DateOnly(2024, 10, 23), Quote = quote, Reliability = "B",
                },
                RecordedBy = recordedBy,
            }, ct).AsTask();

        await Measure("dprk-troops-in-russia", "DPRK military personnel in Russia", "persons", ["KP", "RU"],
            "North Korean soldiers moved into Russia for its war against Ukraine.");
        await Claim("dprk-troops-in-russia", 3000, ClaimQualifiers.AtLeast, "2024-10-23", null, events.TroopsConfirmed,
            "the White House confirmed that North Korea has moved at least 3,000 soldiers into eastern Russia", "The White House's figure.");
        await Claim("dprk-troops-in-russia", 10000, ClaimQualifiers.About, "2024-10-23", null, events.TroopsReported,
            "Kim will limit the number of troops he provides-some public reports say 10,000", "Public reports, unnamed in the article.");

        await Measure("dprk-munitions-to-russia", "Artillery rounds the DPRK sent Russia (122 mm and 152 mm)", "rounds", ["KP", "RU"],
            "Rounds of 122 mm and 152 mm artillery munitions North Korea has sent Russia for its war in Ukraine.");
        await Claim("dprk-munitions-to-russia", 8_000_000, ClaimQualifiers.About, "2024-10-23", "2023~/2024-10-23", events.Munitions,
            "In addition to sending 8 million rounds of 122 millimeter (mm) and 152mm munitions and scores of ballistic missiles", null);

        await Measure("russian-unsc-vetoes", "UN Security Council resolutions vetoed by Russia", "resolutions", ["RU", "UN"],
            "Draft resolutions of the UN Security Council Russia vetoed, on the DPRK and other matters.");
        await Claim("russian-unsc-vetoes", 13, ClaimQualifiers.AtLeast, "2024-10-23", "2020/2024", events.Vetoes, VetoQuote, "In the four years to the article.");

        await Measure("chinese-support-of-russian-vetoes", "Russian vetoes China supported", "resolutions", ["CN", "RU", "UN"],
            "Of the UN Security Council resolutions Russia vetoed, those China aided and abetted.");
        await Claim("chinese-support-of-russian-vetoes", 5, ClaimQualifiers.AtLeast, "2024-10-23", "2020/2024", events.Vetoes, VetoQuote,
            "Of the at least 13 Russian vetoes; the same sentence of the same article.");
    }
}
