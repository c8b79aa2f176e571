using Timeline.Api.Features.Measures;

namespace Timeline.UnitTests.Features.Measures;

/// <summary>A plain address read without Uri compares as Uri would have it; anything else is still Uri's to read.</summary>
public class SourceAddressTests
{
    /// <summary>How the summary compared addresses before the plain ones were read by hand: Uri's request URL, no final slash.</summary>
    private static string ByUri(string url) =>
        Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) ? uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped).TrimEnd('/') : url.Trim();

    [Theory]
    [InlineData("https://www.whitehouse.gov/briefing-room/")]
    [InlineData("HTTPS://WWW.WhiteHouse.GOV/Briefing-Room")]
    [InlineData("  http://example.org/reports  ")]
    [InlineData("https://a.example")]
    [InlineData("https://a.example/")]
    [InlineData("https://a.example?q=1")]
    [InlineData("https://a.example/?q=1/")]
    [InlineData("https://news.example/2024/10/23/troops.html?id=7&lang=en")]
    [InlineData("https://source12.example/report")]
    [InlineData("https://sub-domain.a-b.example/path_with~tilde")]
    public void A_plain_address_is_read_by_hand_as_uri_reads_it(string url)
    {
        Assert.NotNull(SourceAddress.Plain(url.AsSpan().Trim()));
        Assert.Equal(ByUri(url), ClaimSummary.SameUrl(url));
    }

    [Theory]
    [InlineData("https://a.example:443/x")]
    [InlineData("http://a.example:8080/x")]
    [InlineData("https://user@a.example/x")]
    [InlineData("https://a.example/x#part")]
    [InlineData("https://a.example/a%2Fb")]
    [InlineData("https://a.example/a/../b")]
    [InlineData("https://a.example/./b")]
    [InlineData("https://a.example//b")]
    [InlineData("https://a.example/x//")]
    [InlineData("https://192.168.0.1/x")]
    [InlineData("https://[::1]/x")]
    [InlineData("https://xn--80ak6aa92e.com/x")]
    [InlineData("https://пример.рф/путь")]
    [InlineData("https://a.example/a b")]
    [InlineData("https://a.example./x")]
    [InlineData("https://-a.example/x")]
    [InlineData("ftp://a.example/x")]
    [InlineData("not an address")]
    [InlineData("https:///x")]
    public void Any_other_address_is_left_to_uri(string url)
    {
        Assert.Null(SourceAddress.Plain(url.AsSpan().Trim()));
        Assert.Equal(ByUri(url), ClaimSummary.SameUrl(url));
    }
}
