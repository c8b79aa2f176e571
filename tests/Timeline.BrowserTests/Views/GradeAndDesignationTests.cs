using System.Text.Json;
using Microsoft.Playwright;
using Timeline.BrowserTests.Support;
using static Microsoft.Playwright.Assertions;

namespace Timeline.BrowserTests.Views;

[Collection(BrowserCollection.Name)]
public sealed class GradeAndDesignationTests(PageServer server)
{
    [Fact]
    public async Task An_events_grade_is_shown_as_analysts_write_it_and_set_through_the_form()
    {
        // Two sources, the better one usually reliable (B); the information probably true (2).
        var recorded = await server.Admin.PostJsonAsync("/api/events", new
        {
            title = "DPRK officers seen at a Russian firing range",
            occurred = "2024-11-12",
            type = "military.deployment",
            actors = new[] { "KP", "RU" },
            credibility = 2,
            sources = new[]
            {
                new { url = "https://example.org/blog", title = "A blog", reliability = "D" },
                new { url = "https://example.org/agency", title = "An agency", reliability = "B" },
            },
        });
        var id = recorded.GetProperty("id").GetString()!;

        await using var session = await server.SignedInAsync();
        var page = session.Page;
        var row = page.Locator("li.event").Filter(new() { HasText = "DPRK officers seen at a Russian firing range" });
        await Expect(row.Locator(".grade [aria-hidden]")).ToHaveTextAsync("B2");
        await Expect(row.Locator(".grade")).ToHaveAttributeAsync("title", "source reliability B, credibility 2: usually reliable, probably true");
        await Expect(row.Locator(".grade .visually-hidden")).ToHaveTextAsync("Graded B2: usually reliable, probably true");

        await session.GoAsync($"#/events/{id}");
        await Expect(page.Locator("#event-grade")).ToHaveTextAsync("B2 — usually reliable, probably true");
        await Expect(page.Locator("#sources li").Nth(0)).ToContainTextAsync("reliability D (not usually reliable)");

        // Amended through the form: the information now doubtful, the blog judged unreliable.
        await page.GetByRole(AriaRole.Link, new() { Name = "Amend this event" }).ClickAsync();
        var credibility = page.GetByLabel("Credibility", new() { Exact = true });
        await Expect(credibility).ToHaveValueAsync("2");
        await credibility.SelectOptionAsync(new SelectOptionValue { Label = "4 — doubtful" });
        var blog = page.Locator(".source-row").Nth(0).GetByLabel("Reliability of the source");
        await Expect(blog).ToHaveValueAsync("D");
        await blog.SelectOptionAsync("E");

        var request = page.WaitForRequestAsync(r => r.Url.EndsWith($"/api/events/{id}", StringComparison.Ordinal) && r.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        using (var body = JsonDocument.Parse((await request).PostData!))
        {
            Assert.Equal(["credibility", "sources"], body.RootElement.EnumerateObject().Select(p => p.Name).Order());
        }

        await Expect(page.Locator("#event-grade")).ToHaveTextAsync("B4 — usually reliable, doubtful");
        var amended = await server.Admin.GetJsonAsync($"/api/events/{id}");
        Assert.Equal(4, amended.GetProperty("credibility").GetInt32());
        Assert.Equal(["E", "B"], amended.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("reliability").GetString()));
        Assert.Single(await server.Admin.TimelineTitlesAsync("credibility=4&reliability=E&q=firing"));
        await Expect(page.Locator("#history > li").First).ToContainTextAsync("Credibility: 2 (probably true) → 4 (doubtful)");

        // Ungraded again: no grade at all.
        await page.GetByRole(AriaRole.Link, new() { Name = "Amend this event" }).ClickAsync();
        await page.GetByLabel("Credibility", new() { Exact = true }).SelectOptionAsync("");
        foreach (var select in await page.GetByLabel("Reliability of the source").AllAsync())
        {
            await select.SelectOptionAsync("");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        await Expect(page.Locator("#event-grade")).ToHaveTextAsync("Not graded");
        var ungraded = await server.Admin.GetJsonAsync($"/api/events/{id}");
        Assert.Equal(JsonValueKind.Null, ungraded.GetProperty("credibility").ValueKind);
        Assert.All(ungraded.GetProperty("sources").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("reliability").ValueKind));
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_designation_is_recorded_through_the_form_shown_on_the_event_and_amended_member_by_member()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/record");
        var designation = page.Locator("#designation-set");
        await Expect(designation).ToBeHiddenAsync();

        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("OFAC designates a DPRK shipping company");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-10-17");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("sanctions.designation");
        await Expect(designation).ToBeVisibleAsync();
        await page.GetByLabel("Credibility", new() { Exact = true }).SelectOptionAsync("1");
        await page.GetByLabel("Authority").FillAsync("US OFAC");
        await page.GetByLabel("Programme").FillAsync("DPRK3");
        await page.GetByLabel("Listed on (EDTF)").FillAsync("2024-10-17");
        await Expect(page.Locator("#sanction-listed-words")).ToHaveTextAsync("Reads as: 17 Oct 2024");
        await page.GetByLabel("Measures").FillAsync("asset-freeze, blocking");
        await page.Locator("#actor-US").CheckAsync();
        await page.Locator("#actor-KP").CheckAsync();
        var source = page.Locator(".source-row").First;
        await source.GetByLabel("Address (URL)").FillAsync("https://example.org/treasury-press-release");
        await source.GetByLabel("Source title").FillAsync("Treasury designates shipping network");
        await source.GetByLabel("Reliability of the source").SelectOptionAsync("A");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("OFAC designates a DPRK shipping company");
        var id = new Uri(page.Url).Fragment["#/events/".Length..];
        var facts = page.Locator("#designation");
        await Expect(facts.Locator("dt")).ToHaveTextAsync(["Authority", "Programme", "Listed", "Measures"]);
        await Expect(facts.Locator("dd")).ToHaveTextAsync(["US OFAC", "DPRK3", "17 Oct 2024", "asset-freeze, blocking"]);
        await Expect(page.Locator("#event-grade")).ToHaveTextAsync("A1 — completely reliable, confirmed by other sources");

        var recorded = await server.Admin.GetJsonAsync($"/api/events/{id}");
        var sanction = recorded.GetProperty("sanction");
        Assert.Equal("US OFAC", sanction.GetProperty("authority").GetString());
        Assert.Equal("DPRK3", sanction.GetProperty("program").GetString());
        Assert.Equal("2024-10-17", sanction.GetProperty("listed").GetString());
        Assert.Equal(["asset-freeze", "blocking"], sanction.GetProperty("measures").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(1, recorded.GetProperty("credibility").GetInt32());
        Assert.Equal(["OFAC designates a DPRK shipping company"], await server.Admin.TimelineTitlesAsync("authority=US%20OFAC&program=DPRK3&q=shipping"));

        // In the list, the designation beside the grade.
        await session.GoAsync("#/");
        var row = page.Locator("li.event").Filter(new() { HasText = "OFAC designates a DPRK shipping company" });
        await Expect(row.Locator(".designation")).ToHaveTextAsync("Designated by US OFAC · DPRK3 · asset-freeze, blocking");

        // Amending only the programme and its reference sends only those members of the designation.
        await session.GoAsync($"#/events/{id}/amend");
        await Expect(page.GetByLabel("Authority")).ToHaveValueAsync("US OFAC");
        await page.GetByLabel("Programme").FillAsync("DPRK4");
        await page.GetByLabel("Reference").FillAsync("86 FR 1234");
        var request = page.WaitForRequestAsync(r => r.Url.EndsWith($"/api/events/{id}", StringComparison.Ordinal) && r.Method == "PATCH");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amendment" }).ClickAsync();
        using (var body = JsonDocument.Parse((await request).PostData!))
        {
            Assert.Equal("""{"sanction":{"program":"DPRK4","reference":"86 FR 1234"}}""", body.RootElement.GetRawText());
        }

        await Expect(facts.Locator("dd")).ToHaveTextAsync(["US OFAC", "DPRK4", "86 FR 1234", "17 Oct 2024", "asset-freeze, blocking"]);
        var amended = (await server.Admin.GetJsonAsync($"/api/events/{id}")).GetProperty("sanction");
        Assert.Equal("DPRK4", amended.GetProperty("program").GetString());
        Assert.Equal("86 FR 1234", amended.GetProperty("reference").GetString());
        Assert.Equal("US OFAC", amended.GetProperty("authority").GetString());
        session.AssertNoScriptErrors();
    }

    [Fact]
    public async Task A_designation_without_its_authority_is_refused_beside_the_field()
    {
        await using var session = await server.SignedInAsync();
        var page = session.Page;
        await session.GoAsync("#/record");
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("A listing with no authority");
        await page.GetByLabel("When it happened (EDTF)").FillAsync("2024-10");
        await page.GetByLabel("Type", new() { Exact = true }).FillAsync("sanctions.designation");
        await page.GetByLabel("Programme").FillAsync("DPRK3");
        await page.Locator("#actor-KP").CheckAsync();
        var source = page.Locator(".source-row").First;
        await source.GetByLabel("Address (URL)").FillAsync("https://example.org/listing");
        await source.GetByLabel("Source title").FillAsync("A listing");
        var answer = page.WaitForResponseAsync(r => r.Url.EndsWith("/api/events", StringComparison.Ordinal) && r.Request.Method == "POST");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record the event" }).ClickAsync();
        var response = await answer;
        Assert.Equal(400, response.Status);
        var errors = (await response.JsonAsync())!.Value.GetProperty("errors");
        var key = Assert.Single(errors.EnumerateObject()).Name;
        Assert.Equal("sanction.authority", key, ignoreCase: true);

        var authority = page.GetByLabel("Authority");
        await Expect(authority).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#sanction-authority-error")).ToHaveTextAsync(errors.GetProperty(key)[0].GetString()!);
        await Expect(authority).ToBeFocusedAsync();
        session.AssertNoScriptErrors();
    }
}
