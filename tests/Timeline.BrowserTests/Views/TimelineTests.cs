using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class TimelineTests(PageServer server)
{
    [Fact]
    public async Task Signing_in_shows_the_demo_timeline_grouped_by_year_and_month_with_dates_in_words()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var groups = page.Locator("#timeline-groups");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events, oldest first");

        // Year headings in order (an open start first), month headings under them.
        var all = (await server.Admin.GetJsonAsync("/api/timeline?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var expectedYears = all.Select(e => e.GetProperty("earliest").GetString() is { } day ? day[..4] : "Open start").Distinct().ToArray();
        await Expect(groups.Locator("section.year > h2")).ToHaveTextAsync(expectedYears);
        var june = groups.Locator("section.year").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "2024", Exact = true }) })
            .Locator("section.month").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "June", Exact = true }) });
        await Expect(june.Locator("li.event")).ToContainTextAsync("DPRK and Russia sign a renewed mutual defense treaty");

        // Fuzzy dates as people write them: a month, a week within a month...
        await Expect(EventDate(page, "DPRK and Russia sign a renewed mutual defense treaty")).ToHaveTextAsync("June 2024");
        await Expect(EventDate(page, "Multilateral Sanctions Monitoring Team")).ToHaveTextAsync("14–20 Oct 2024");
        // ...and every event's date in the words edtf-words.js gives for the EDTF the API holds (the words themselves
        // are tested by EdtfWordsTests), with the EDTF itself at hand.
        var items = page.Locator("#timeline-groups li.event");
        await Expect(items).ToHaveCountAsync(all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            var occurred = all[i].GetProperty("occurred").GetString()!;
            var date = items.Nth(i).Locator(".event__date .date");
            await Expect(date).ToHaveTextAsync(await server.WithModuleAsync<string>("shared/edtf-words.js", "(m, text) => m.edtfWords(text)", occurred));
            await Expect(date).ToHaveAttributeAsync("title", $"EDTF: {occurred}");
        }

        var words = await items.Locator(".event__date .date").AllTextContentsAsync();
        Assert.Contains(words, w => w.StartsWith("c. ", StringComparison.Ordinal));
        Assert.Contains(words, w => w.StartsWith("before ", StringComparison.Ordinal));
        Assert.Contains("? 2024", words);

        // Status, type, actors and tags are shown with each event.
        var treaty = page.Locator("li.event").Filter(new() { HasText = "DPRK and Russia sign a renewed mutual defense treaty" });
        await Expect(treaty.Locator(".status")).ToHaveTextAsync("confirmed");
        await Expect(treaty.Locator(".type")).ToHaveTextAsync("treaty.signed");
        await Expect(treaty.Locator(".actor")).ToHaveTextAsync(["KP", "RU"]);
        await Expect(treaty.Locator(".tag")).ToHaveTextAsync(["#alliance"]);

        // The README's picture (and docs/PAGE.md's first): the chart above the list, all of it drawn.
        await Expect(page.Locator("#timeline-chart")).ToHaveAttributeAsync("data-complete", "true");
        await session.ScreenshotAsync("timeline");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task Filtering_by_actor_and_by_text_changes_the_address_and_is_read_back_on_load()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var events = page.Locator("#timeline-groups li.event");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events, oldest first");

        // An actor: the address says so, and the list is what the API gives for the same query.
        await page.GetByText("Actors", new() { Exact = false }).First.ClickAsync();
        await page.Locator("#f-actor-KR").CheckAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query == "?actor=KR");
        var korea = await server.Admin.TimelineTitlesAsync("actor=KR");
        Assert.NotEmpty(korea);
        await Expect(events).ToHaveCountAsync(korea.Count);
        await Expect(events.Locator("h4")).ToHaveTextAsync(korea.ToArray());
        foreach (var item in await events.AllAsync())
        {
            await Expect(item.Locator(".actor").GetByText("KR", new() { Exact = true })).ToBeVisibleAsync();
        }

        // Text instead: typed, applied without a button.
        await page.Locator("#f-actor-KR").UncheckAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query == "");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("satellite");
        await page.WaitForURLAsync(url => new Uri(url).Query == "?q=satellite");
        var satellite = await server.Admin.TimelineTitlesAsync("q=satellite");
        Assert.Contains("White House promises intelligence and satellite imagery of DPRK troop movements", satellite);
        await Expect(events.Locator("h4")).ToHaveTextAsync(satellite.ToArray());

        // The key is never in the address.
        Assert.DoesNotContain(PageServer.AdminKey, page.Url, StringComparison.Ordinal);

        // A bookmark of the view opens it again: the form and the list read the address.
        await page.ReloadAsync();
        await Expect(page.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("satellite");
        await Expect(events.Locator("h4")).ToHaveTextAsync(satellite.ToArray());

        // Back goes to the previous view.
        await page.GoBackAsync();
        await page.WaitForURLAsync(url => new Uri(url).Query == "");
        await Expect(page.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(events).ToHaveCountAsync((await server.Admin.TimelineTitlesAsync("")).Count);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_bookmarked_address_with_several_filters_opens_that_view()
    {
        await using var session = await server.OpenAsync();
        await session.SignInAsync(PageServer.AdminKey);
        var page = session.Page;
        const string query = "actor=KP&actor=US&type=military.*&status=confirmed&status=reported&from=2024-10&to=2024&order=desc";
        await page.GotoAsync("/?" + query);

        await Expect(page.Locator("#f-actor-KP")).ToBeCheckedAsync();
        await Expect(page.Locator("#f-actor-US")).ToBeCheckedAsync();
        await Expect(page.Locator("#f-actor-RU")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("Type", new() { Exact = true })).ToHaveValueAsync("military.*");
        await Expect(page.Locator("#f-status-confirmed")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("From", new() { Exact = true })).ToHaveValueAsync("2024-10");
        await Expect(page.GetByLabel("Order", new() { Exact = true })).ToHaveValueAsync("desc");
        var expected = await server.Admin.TimelineTitlesAsync(query);
        Assert.NotEmpty(expected);
        await Expect(page.Locator("#timeline-groups li.event h4")).ToHaveTextAsync(expected.ToArray());
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("newest first");
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task As_known_on_a_day_replays_the_timeline_as_it_was_recorded_then()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events, oldest first");

        // Before anything was recorded: nothing was known.
        await page.GetByLabel("As known on", new() { Exact = true }).FillAsync("2020-01-01");
        await page.WaitForURLAsync(url => new Uri(url).Query == "?asOf=2020-01-01T23%3A59%3A59.999Z");
        await Expect(page.Locator("#timeline-status")).ToHaveTextAsync("No events match these filters.");
        await Expect(page.Locator(".as-of-note")).ToContainTextAsync("As it was known at the end of 1 Jan 2020 (UTC)");

        // As known at the end of today: what the API answers for that instant, which is everything recorded so far.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("As known on", new() { Exact = true }).FillAsync(today);
        await page.WaitForURLAsync(url => url.Contains($"asOf={today}T23", StringComparison.Ordinal));
        var known = await server.Admin.TimelineTitlesAsync($"asOf={today}T23:59:59.999Z");
        Assert.Contains("US confirms DPRK troops in Russia", known);
        await Expect(page.Locator("#timeline-groups li.event h4")).ToHaveTextAsync(known.ToArray());
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_date_range_that_is_not_a_day_month_or_year_is_explained_beside_its_field()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events, oldest first");
        var from = page.GetByLabel("From", new() { Exact = true });
        await from.FillAsync("2024-13");
        await from.PressAsync("Enter");
        await Expect(page.Locator("#f-from-error")).ToHaveTextAsync("month must be 01–12, not '13'");
        await Expect(from).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("", new Uri(page.Url).Query);
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task An_editor_subscribes_to_the_view_from_the_page()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await page.GotoAsync("/?actor=UA&type=military.*");
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("oldest first");
        await page.GetByRole(AriaRole.Button, new() { Name = "Alert me about this view" }).ClickAsync();
        await Expect(page.Locator(".subscribe [role=status]")).ToContainTextAsync("Subscribed");

        var subscriptions = await server.Admin.GetJsonAsync("/api/subscriptions");
        var mine = subscriptions.EnumerateArray().Single(s => s.GetProperty("name").GetString()!.StartsWith("Web page: UA; military.*", StringComparison.Ordinal));
        Assert.Equal(["UA"], mine.GetProperty("filter").GetProperty("actor").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["military.*"], mine.GetProperty("filter").GetProperty("type").EnumerateArray().Select(a => a.GetString()));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task On_a_phone_the_timeline_reads_in_one_column()
    {
        await using var session = await server.SignedInAsync(width: 390, height: 844);
        var page = session.Page;
        await Expect(page.Locator("#timeline-status")).ToContainTextAsync("events, oldest first");
        // Filters fold away on a small screen; nothing is wider than the screen.
        await Expect(page.Locator(".filter-box")).Not.ToHaveAttributeAsync("open", "");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than a phone's screen");
        await session.ScreenshotAsync("timeline-phone");
        session.AssertNoScriptErrors();
    }

    private static ILocator EventDate(IPage page, string title) =>
        page.Locator("li.event").Filter(new() { HasText = title }).Locator(".event__date .date");
}
