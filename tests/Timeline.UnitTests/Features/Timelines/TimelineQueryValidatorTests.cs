using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Timeline.Api.Features.Timelines;

namespace Timeline.UnitTests.Features.Timelines;

public sealed class TimelineQueryValidatorTests
{
    private readonly TimelineQueryValidator validator = new();

    private string[] Failures(TimelineQuery query) =>
        [.. validator.Validate(query).Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")];

    [Fact]
    public void An_empty_query_is_valid() => Assert.Empty(Failures(new TimelineQuery()));

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.5")]
    public void A_limit_outside_1_to_500_names_limit(string limit) =>
        Assert.Contains(Failures(new TimelineQuery { Limit = limit }), f => f.StartsWith("Limit:", StringComparison.Ordinal));

    [Theory]
    [InlineData("1")]
    [InlineData("500")]
    public void Limits_at_the_edges_are_valid(string limit) => Assert.Empty(Failures(new TimelineQuery { Limit = limit }));

    [Theory]
    [InlineData("military.*")]
    [InlineData("treaty.signed")]
    [InlineData("statement")]
    public void Types_and_subtrees_are_valid(string type) => Assert.Empty(Failures(new TimelineQuery { Type = [type] }));

    [Theory]
    [InlineData("Military")]
    [InlineData("military.")]
    [InlineData("*")]
    [InlineData("military.%")]
    public void Malformed_types_are_refused(string type) =>
        Assert.Contains(Failures(new TimelineQuery { Type = [type] }), f => f.Contains("not a type", StringComparison.Ordinal));

    [Theory]
    [InlineData("2024-13")]
    [InlineData("2024-06/2024-07")]
    [InlineData("2024~")]
    [InlineData("yesterday")]
    public void From_must_be_a_day_month_or_year(string from) =>
        Assert.Contains(Failures(new TimelineQuery { From = from }), f => f.StartsWith("From:", StringComparison.Ordinal));

    [Fact]
    public void To_before_from_is_refused() =>
        Assert.Contains(Failures(new TimelineQuery { From = "2024-06", To = "2024-05-31" }), f => f.Contains("before", StringComparison.Ordinal));

    [Fact]
    public void The_same_month_as_from_and_to_is_valid() => Assert.Empty(Failures(new TimelineQuery { From = "2024-06", To = "2024-06" }));

    [Theory]
    [InlineData("2026-01-31T12:00:00Z")]
    [InlineData("2026-01-31T12:00:00+02:00")]
    [InlineData("2026-01-31T12:00:00.123456Z")]
    public void AsOf_takes_RFC_3339_instants(string asOf) => Assert.Empty(Failures(new TimelineQuery { AsOf = asOf }));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-01-31")]
    [InlineData("2026-01-31T12:00:00")]
    public void AsOf_without_a_zone_or_time_is_refused(string asOf) =>
        Assert.Contains(Failures(new TimelineQuery { AsOf = asOf }), f => f.StartsWith("AsOf:", StringComparison.Ordinal));

    [Theory]
    [InlineData("not-a-cursor")]
    [InlineData("eyJ4IjoxfQ")]
    [InlineData("%%%")]
    public void Malformed_cursors_are_refused(string cursor) =>
        Assert.Contains(Failures(new TimelineQuery { Cursor = cursor }), f => f.StartsWith("Cursor:", StringComparison.Ordinal));

    [Fact]
    public void A_cursor_from_the_other_order_is_refused()
    {
        var ascending = new TimelineCursor(new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31), Guid.NewGuid(), Descending: false).Encode();
        Assert.Empty(Failures(new TimelineQuery { Cursor = ascending }));
        Assert.Contains(Failures(new TimelineQuery { Cursor = ascending, Order = "desc" }), f => f.StartsWith("Cursor:", StringComparison.Ordinal));
    }

    [Property(MaxTest = 200)]
    public Property Cursors_round_trip() =>
        Prop.ForAll(
            Gen.Choose(1, 3_000_000).Select(d => DateOnly.FromDayNumber(d)).Two().Select(p => (p.Item1, p.Item2)).ToArbitrary(),
            ArbMap.Default.ArbFor<bool>(),
            (days, descending) =>
            {
                var cursor = new TimelineCursor(days.Item1, days.Item2, Guid.NewGuid(), descending);
                return TimelineCursor.Decode(cursor.Encode()) == cursor;
            });
}
