using System.Globalization;
using System.Text;
using Timeline.Api.Features.Watches;

namespace Timeline.UnitTests.Features.Watches;

/// <summary>A large FtM delta is read in two halves at once: it must read as one read line by line would.</summary>
public sealed class FtmDocumentTests
{
    /// <summary>Enough pairs of a person and the sanction naming it that the delta is read in two halves (well over 256 KB).</summary>
    private const int Pairs = 3_000;

    private static string Person(string id, string name) =>
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"" + id + "\",\"schema\":\"Person\",\"properties\":{\"name\":[\"" + name + "\"]}}}";

    private static string Sanction(string id, string entity, string reason = "Listed for procurement on behalf of the Munitions Industry Department") =>
        "{\"op\":\"ADD\",\"entity\":{\"id\":\"" + id + "\",\"schema\":\"Sanction\",\"properties\":{\"entity\":[\"" + entity
        + "\"],\"authority\":[\"US OFAC\"],\"reason\":[\"" + reason + "\"]}}}";

    private static List<string> Filler() => [.. Enumerable.Range(0, Pairs).SelectMany(i =>
        new[] { Person($"p{i}", $"Person {i}"), Sanction($"s{i}", $"p{i}") })];

    private static List<WatchItem> Read(IEnumerable<string> lines) => FeedDocument.Read(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));

    [Fact]
    public void A_large_delta_gives_every_sanction_in_the_files_order_with_names_from_either_half()
    {
        var lines = Filler();
        // A sanction in the first half naming an entity only the second half gives; a person renamed by a later line.
        lines.Insert(10, Sanction("early", "late-person"));
        lines.Insert(12, Person("renamed", "First Name"));
        lines.Insert(14, Sanction("names-renamed", "renamed"));
        lines.Add(Person("late-person", "Pak Late"));
        lines.Add(Person("renamed", "Second Name"));
        Assert.True(Encoding.UTF8.GetByteCount(string.Join('\n', lines)) > 256 * 1024);

        var items = Read(lines);

        var expected = lines.Where(l => l.Contains("\"Sanction\"", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("\"id\":\"", StringComparison.Ordinal) + 6)..].Split('"')[0]).ToList();
        Assert.Equal(expected, items.Select(i => i.ItemId));
        Assert.Equal(Pairs + 2, items.Count);
        Assert.Equal("US OFAC: Pak Late", items.Single(i => i.ItemId == "early").Title);
        Assert.Equal("US OFAC: Second Name", items.Single(i => i.ItemId == "names-renamed").Title);
        var last = items.Single(i => i.ItemId == $"s{Pairs - 1}");
        Assert.Equal($"US OFAC: Person {(Pairs - 1).ToString(CultureInfo.InvariantCulture)}", last.Title);
        Assert.Equal(new[] { $"p{Pairs - 1}" }, last.Entities);
    }

    [Fact]
    public void A_line_that_is_not_ftm_is_named_by_its_number_in_the_whole_document_the_first_of_two()
    {
        var lines = Filler();
        lines[^3] = "{\"op\":\"ADD\",\"entity\":";
        var late = Assert.Throws<UnreadableSourceException>(() => Read(lines));
        Assert.StartsWith($"line {lines.Count - 2} is not FtM JSON", late.Message);

        lines[4] = "not json";
        var early = Assert.Throws<UnreadableSourceException>(() => Read(lines));
        Assert.StartsWith("line 5 is not FtM JSON", early.Message);
    }
}
