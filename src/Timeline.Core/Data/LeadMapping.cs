using Microsoft.EntityFrameworkCore;
using Timeline.Core.Events;
using Timeline.Core.Leads;

namespace Timeline.Core.Data;

/// <summary>Watches, leads and the pairs of events said to be distinct.</summary>
internal static class LeadMapping
{
    public static void Map(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Watch>(e =>
        {
            e.ToTable("watches");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Url).HasMaxLength(2_000);
            e.Property(x => x.Every).HasMaxLength(50);
            e.Property(x => x.Reliability).HasMaxLength(1);
            e.Property(x => x.CreatedBy).HasMaxLength(100);
            e.Property(x => x.LastStatus).HasMaxLength(1_000);
            e.Property(x => x.ETag).HasMaxLength(500);
            e.Property(x => x.LastModified).HasMaxLength(100);
            // The poller takes the watches due, soonest first.
            e.HasIndex(x => x.NextCheckAt);
        });

        modelBuilder.Entity<Lead>(e =>
        {
            e.ToTable("leads");
            e.HasKey(x => x.Id);
            e.Property(x => x.ItemId).HasMaxLength(2_000);
            e.Property(x => x.Url).HasMaxLength(2_000);
            e.Property(x => x.Title).HasMaxLength(500);
            e.Property(x => x.Text).HasMaxLength(20_000);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.Reason).HasMaxLength(2_000);
            e.Property(x => x.Previous).HasColumnType("jsonb");
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
            // An item is one lead: the key that makes a second check (or a second instance) record nothing twice.
            e.HasIndex(x => new { x.WatchId, x.ItemId }).IsUnique();
            // The inbox: newest first by id (UUIDv7, so in the order found), by status.
            e.HasIndex(x => new { x.Status, x.Id });
            e.HasIndex(x => x.Actors).HasMethod("GIN");
            // No key to the watch: a removed watch's leads stay, with what became of them.
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        });

        modelBuilder.Entity<EventDistinction>(e =>
        {
            e.ToTable("event_distinctions");
            e.HasKey(x => new { x.EventId, x.OtherId });
            e.Property(x => x.By).HasMaxLength(100);
            e.HasIndex(x => x.OtherId);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.OtherId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
