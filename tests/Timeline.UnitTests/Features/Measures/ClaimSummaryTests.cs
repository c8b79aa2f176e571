using Timeline.Api.Features.Events;
using Timeline.Api.Features.Measures;

namespace Timeline.UnitTests.Features.Measures;

public class ClaimSummaryTests
{
    private static readonly DateTimeOffset Start = new(2024, 10, 25, 9, 0, 0, TimeSpan.Zero);

    internal static ClaimView Claim(int minute, decimal? value, string qualifier, string url, string asOf = "2024-10-23", decimal? low = null,
        decimal? high = null, Guid? derivedFrom = null, DateTimeOffset? retractedAt = null) =>
        new(Guid.CreateVersion7(Start.AddMinutes(minute)), "dprk-troops-in-russia", value, qualifier, low, high, asOf, null,
            new SourceFields { Url = url, Title = url }, derivedFrom, null, null, Start.AddMinutes(minute), "analyst",
            retractedAt is null ? MeasureViews.Current : MeasureViews.Retracted, retractedAt, retractedAt is null ? null : "withdrawn");

    [Fact]
    public void The_White_House_and_the_public_reports_disagree_between_3000_and_10000_from_two_sources()
    {
        var whiteHouse = Claim(0, 3000, "at-least", "https://www.whitehouse.gov/briefing-room/", "2024-10-23");
        var reports = Claim(1, 10000, "about", "https://example.org/reports", "2024-11");

        var (claims, summary) = ClaimSummary.Of([reports, whiteHouse], at: null);

        Assert.Equal(new ClaimSummary(3000, 10000, 2, 2, "2024-11"), summary);
        Assert.Equal([whiteHouse.Id, reports.Id], claims.Select(c => c.Id));
    }

    [Fact]
    public void A_claim_that_repeats_another_is_a_claim_but_not_another_source()
    {
        var whiteHouse = Claim(0, 3000, "at-least", "https://www.whitehouse.gov/a");
        var reports = Claim(1, 10000, "about", "https://example.org/reports");
        var outlet = Claim(2, 10000, "about", "https://outlet.example/story", derivedFrom: reports.Id);

        var (_, summary) = ClaimSummary.Of([whiteHouse, reports, outlet], at: null);

        Assert.Equal(3, summary.Claims);
        Assert.Equal(2, summary.IndependentSources);
    }

    [Fact]
    public void Lineage_counts_through_a_retracted_claim_and_urls_differing_only_in_case_of_host_or_a_final_slash_are_one()
    {
        var first = Claim(0, 10, "exact", "https://a.example/x", retractedAt: Start.AddMinutes(5));
        var second = Claim(1, 12, "exact", "https://b.example/y", derivedFrom: first.Id);
        var third = Claim(2, 14, "exact", "https://c.example/z", derivedFrom: first.Id);
        var fourth = Claim(3, 20, "exact", "HTTPS://D.example/w/");
        var fifth = Claim(4, 21, "exact", "https://d.example/w");

        var (claims, summary) = ClaimSummary.Of([first, second, third, fourth, fifth], at: null);

        Assert.Equal(4, claims.Count);
        Assert.Equal(2, summary.IndependentSources);
    }

    [Fact]
    public void An_at_least_claim_sets_no_upper_bound_and_an_at_most_claim_no_lower_one()
    {
        var (_, atLeast) = ClaimSummary.Of([Claim(0, 13, "at-least", "https://a.example")], at: null);
        var (_, atMost) = ClaimSummary.Of([Claim(0, 13, "at-most", "https://a.example")], at: null);
        var (_, range) = ClaimSummary.Of([Claim(0, null, "range", "https://a.example", low: 5, high: 9)], at: null);

        Assert.Equal((13m, (decimal?)null), (atLeast.Low, atLeast.High));
        Assert.Equal(((decimal?)null, 13m), (atMost.Low, atMost.High));
        Assert.Equal((5m, 9m), (range.Low, range.High));
    }

    [Fact]
    public void As_known_at_an_instant_a_claim_recorded_after_is_out_and_one_retracted_later_is_in_and_shown_current()
    {
        var retracted = Claim(0, 3000, "at-least", "https://a.example", retractedAt: Start.AddMinutes(10));
        var later = Claim(5, 10000, "about", "https://b.example");

        var (before, none) = ClaimSummary.Of([retracted, later], Start.AddMinutes(-1));
        var (between, one) = ClaimSummary.Of([retracted, later], Start.AddMinutes(1));
        var (after, last) = ClaimSummary.Of([retracted, later], Start.AddMinutes(11));

        Assert.Empty(before);
        Assert.Equal(new ClaimSummary(null, null, 0, 0, null), none);
        Assert.Equal(MeasureViews.Current, Assert.Single(between).Status);
        Assert.Null(between[0].RetractionReason);
        Assert.Equal(new ClaimSummary(3000, null, 1, 1, "2024-10-23"), one);
        Assert.Equal(later.Id, Assert.Single(after).Id);
        Assert.Equal(new ClaimSummary(10000, 10000, 1, 1, "2024-10-23"), last);
    }
}
