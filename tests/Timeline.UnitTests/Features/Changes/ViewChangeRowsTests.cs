using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Timeline.Api.Features.Changes;
using Timeline.Api.Features.Leads;
using Timeline.Api.Platform.Http;
using Timeline.Core.Changes;
using Timeline.Core.Leads;

namespace Timeline.UnitTests.Features.Changes;

/// <summary>
/// A check's change rows are encoded for COPY with each lead's view written as JSON straight into the rows: the log must
/// hold the same bytes as the view serialized to text and written as UTF-8, as single writes store it.
/// </summary>
public sealed class ViewChangeRowsTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 12, 6, 19, 30, 1, TimeSpan.Zero).AddTicks(1_234_560);

    /// <summary>The API's options, as the host configures them.</summary>
    private static IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> ApiJson()
    {
        var json = new Microsoft.AspNetCore.Http.Json.JsonOptions();
        json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.SerializerOptions.AllowDuplicateProperties = false;
        json.SerializerOptions.Converters.Add(new StoredTextConverter());
        return Options.Create(json);
    }

    private static Lead LeadOf(int i) => new()
    {
        Id = Guid.CreateVersion7(Now), WatchId = Guid.CreateVersion7(Now), ItemId = $"NK-{i}-санкция",
        Url = i % 2 == 0 ? null : $"https://example.org/a?b={i}&c=\"d\"",
        Title = i % 3 == 0 ? "Дерипаска <b>O'Brien</b> & \"Co\" 🚢" : $"Sanction {i}",
        Text = string.Concat(Enumerable.Repeat("Reason: \u00e9t\u00e9\n\ttabs, ümlauts, 中文 and \\ slashes. ", i * 40)),
        Published = i % 2 == 0 ? null : new DateOnly(2024, 2, 23),
        FoundAt = Now, Changed = i % 4 == 1, Actors = i % 2 == 0 ? [] : ["Oleg Deripaska", "Олег"],
        Previous = i % 4 == 1 ? LeadViews.StoredPrevious([new PreviousText("Before <i>", "was \u2028 so", Now.AddDays(-1))]) : "[]",
        Version = 1, UpdatedAt = Now, UpdatedBy = RecordLeadsHandler.By,
    };

    [Fact]
    public void A_leads_change_row_holds_its_view_as_serialized_text_and_its_other_columns()
    {
        var json = ApiJson();
        var log = new ChangeLog(json);
        var leads = Enumerable.Range(0, 12).Select(LeadOf).ToList();
        // A small first buffer: the rows outgrow it several times, as a check's outgrow theirs.
        using var encoded = ViewChanges.Rows<LeadView>().Encode(
            leads.Select(l => log.ViewFor(ChangeKinds.LeadFound, LeadHistory.Kind.Entity, LeadHistory.Kind.IdOf(l), 1, l.UpdatedAt, LeadHistory.Kind.ViewOf(l))), 16);

        var rows = Rows(encoded.Memory.ToArray());
        Assert.Equal(leads.Count, rows.Count);
        for (var i = 0; i < leads.Count; i++)
        {
            var view = JsonSerializer.Serialize(LeadHistory.Kind.ViewOf(leads[i]), json.Value.SerializerOptions);
            Assert.Equal(6, rows[i].Count);
            Assert.Equal((Now.UtcTicks - new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks) / 10, BinaryPrimitives.ReadInt64BigEndian(rows[i][0]));
            Assert.Equal("lead.found", Encoding.UTF8.GetString(rows[i][1]));
            Assert.Equal("lead", Encoding.UTF8.GetString(rows[i][2]));
            Assert.Equal(leads[i].Id.ToString(), Encoding.UTF8.GetString(rows[i][3]));
            Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(rows[i][4]));
            Assert.Equal(Encoding.UTF8.GetBytes(view), rows[i][5]);
        }
    }

    [Fact]
    public void The_view_rows_copy_the_logs_columns()
    {
        Assert.Equal(ChangeLog.Rows.ColumnList, ViewChanges.Rows<LeadView>().ColumnList);
        Assert.Equal(ChangeLog.Rows.Table, ViewChanges.Rows<LeadView>().Table);
    }

    /// <summary>The tuples of a binary COPY stream, each a list of its fields' bytes.</summary>
    private static List<List<byte[]>> Rows(byte[] stream)
    {
        Assert.Equal([0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0], stream[..19]);
        var at = 19;
        var rows = new List<List<byte[]>>();
        while (true)
        {
            var count = BinaryPrimitives.ReadInt16BigEndian(stream.AsSpan(at));
            at += 2;
            if (count == -1)
            {
                Assert.Equal(stream.Length, at);
                return rows;
            }

            var fields = new List<byte[]>();
            for (var f = 0; f < count; f++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(stream.AsSpan(at));
                at += 4;
                fields.Add(stream.AsSpan(at, length).ToArray());
                at += length;
            }

            rows.Add(fields);
        }
    }
}
