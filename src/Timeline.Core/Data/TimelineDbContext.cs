using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Timeline.Core.Access;
using Timeline.Core.Actors;
using Timeline.Core.Events;
using Timeline.Core.Idempotency;
using Timeline.Core.Timelines;

namespace Timeline.Core.Data;

public sealed class TimelineDbContext(DbContextOptions<TimelineDbContext> options) : DbContext(options)
{
    public const string Schema = "timeline";

    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventRevision> EventRevisions => Set<EventRevision>();
    public DbSet<Actor> Actors => Set<Actor>();
    public DbSet<SavedTimeline> Timelines => Set<SavedTimeline>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Event>(e =>
        {
            e.ToTable("events");
            e.HasKey(x => x.EventId);
            e.Property(x => x.EventId).HasColumnName("id");
            e.Property(x => x.Version).IsConcurrencyToken();
            MapState(e, filterIndexes: true);
            // The timeline's sort order, and the keyset it pages on.
            e.HasIndex(x => new { x.Earliest, x.Latest, x.EventId });
            e.HasIndex(x => x.Latest);
            e.HasIndex(x => x.RecordedAt);
        });

        modelBuilder.Entity<EventRevision>(e =>
        {
            e.ToTable("event_revisions");
            e.HasKey(x => x.Id);
            // asOf reads are rare: the validity index narrows them, so the filter indexes are not repeated here.
            MapState(e, filterIndexes: false);
            e.HasIndex(x => new { x.EventId, x.Version }).IsUnique();
            // asOf: the revisions valid at an instant.
            e.HasIndex(x => new { x.ValidFrom, x.ValidTo });
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Actor>(e =>
        {
            e.ToTable("actors");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(16);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(20);
        });

        modelBuilder.Entity<SavedTimeline>(e =>
        {
            e.ToTable("timelines");
            e.HasKey(x => x.Slug);
            e.Property(x => x.Slug).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Filter).HasColumnType("jsonb");
        });

        modelBuilder.Entity<ApiKey>(e =>
        {
            e.ToTable("api_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Role).HasMaxLength(20);
            e.HasIndex(x => x.KeyHash).IsUnique();
            e.HasIndex(x => x.Name).IsUnique().HasFilter("revoked_at IS NULL");
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.Caller, x.Key });
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.Response).HasColumnType("jsonb");
        });
    }

    private static void MapState<T>(EntityTypeBuilder<T> e, bool filterIndexes) where T : EventState
    {
        e.Property(x => x.Title).HasMaxLength(300);
        e.Property(x => x.Summary).HasMaxLength(10_000);
        e.Property(x => x.Occurred).HasMaxLength(100);
        e.Property(x => x.Precision).HasMaxLength(10);
        e.Property(x => x.Type).HasMaxLength(100);
        e.Property(x => x.Status).HasMaxLength(20);
        e.Property(x => x.RecordedBy).HasMaxLength(100);
        e.Property(x => x.UpdatedBy).HasMaxLength(100);
        e.Property(x => x.RetractionReason).HasMaxLength(2_000);
        e.OwnsMany(x => x.Sources, s => s.ToJson());
        e.OwnsMany(x => x.Related, r =>
        {
            r.ToJson();
            // Not by convention: RelatedEvent.EventId names the other event, not the owner.
            r.WithOwner().HasForeignKey("OwnerId");
        });
        e.HasGeneratedTsVectorColumn(x => x.SearchVector, "english", x => new { x.Title, x.Summary, x.SourceTitles });
        if (!filterIndexes)
        {
            return;
        }

        e.HasIndex(x => x.SearchVector).HasMethod("GIN");
        e.HasIndex(x => x.Actors).HasMethod("GIN");
        e.HasIndex(x => x.Tags).HasMethod("GIN");
        // type = 'x' or type LIKE 'x.%' (a subtree) both use this index.
        e.HasIndex(x => x.Type).HasOperators("text_pattern_ops");
        e.HasIndex(x => x.Status);
    }
}
