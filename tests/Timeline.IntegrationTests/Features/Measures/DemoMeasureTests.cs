using Timeline.IntegrationTests.Features.Demo;
using static Timeline.IntegrationTests.Features.Measures.MeasureSteps;

namespace Timeline.IntegrationTests.Features.Measures;

public sealed class DemoMeasureTests(DemoApiFixture api) : IClassFixture<DemoApiFixture>
{
    private const string ArticleUrl = "https://www.csis.org/analysis/crossing-rubicon-dprk-sends-troops-russia";

    [Fact]
    public async Task The_demo_troops_are_at_least_3000_and_about_10000_both_through_the_one_article()
    {
        var reader = await api.As("reader");

        var troops = await Summary(reader, "dprk-troops-in-russia");

        Assert.Equal(3000m, (decimal)troops["summary"]!["low"]!);
        Assert.Equal(10000m, (decimal)troops["summary"]!["high"]!);
        Assert.Equal(2, (int)troops["summary"]!["claims"]!);
        Assert.Equal(1, (int)troops["summary"]!["independentSources"]!);
        Assert.Equal(["about", "at-least"], troops["claims"]!.AsArray().Select(c => (string)c!["qualifier"]!).Order(StringComparer.Ordinal));
        Assert.All(troops["claims"]!.AsArray(), c =>
        {
            Assert.Equal(ArticleUrl, (string?)c!["source"]!["url"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)c["source"]!["quote"]));
            Assert.NotNull(c["eventId"]);
        });
    }

    [Fact]
    public async Task The_demo_counts_8_million_rounds_at_least_13_russian_vetoes_and_at_least_5_with_china_over_2020_to_2024()
    {
        var reader = await api.As("reader");

        var rounds = Assert.Single((await Summary(reader, "dprk-munitions-to-russia"))["claims"]!.AsArray())!;
        var vetoes = Assert.Single((await Summary(reader, "russian-unsc-vetoes"))["claims"]!.AsArray())!;
        var china = Assert.Single((await Summary(reader, "chinese-support-of-russian-vetoes"))["claims"]!.AsArray())!;

        Assert.Equal((8_000_000m, "rounds"), ((decimal)rounds["value"]!, (string)(await Summary(reader, "dprk-munitions-to-russia"))["unit"]!));
        Assert.Equal((13m, "at-least", "2020/2024"), ((decimal)vetoes["value"]!, (string)vetoes["qualifier"]!, (string)vetoes["period"]!));
        Assert.Equal((5m, "at-least", "2020/2024"), ((decimal)china["value"]!, (string)china["qualifier"]!, (string)china["period"]!));
        Assert.Equal((string?)vetoes["source"]!["quote"], (string?)china["source"]!["quote"]);
        Assert.Equal((string?)vetoes["eventId"], (string?)china["eventId"]);
    }
}
