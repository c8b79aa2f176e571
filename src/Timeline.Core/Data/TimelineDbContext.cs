using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Timeline.Core.Access;
using Timeline.Core.Actors;
using Timeline.Core.Alerts;
using Timeline.Core.Changes;
using Timeline.Core.Events;
using Timeline.Core.FollowUps;
using Timeline.Core.Idempotency;
using Timeline.Core.Leads;
using Timeline.Core.Measures;
using Timeline.Core.Places;
using Timeline.Core.Timelines;

namespace Timeline.Core.Data;

/// <remarks>
/// Also the Data Protection key ring's store, so that every instance can read the webhook secrets any other wrote.
/// </remarks>
public sealed partial class TimelineDbContext(DbContextOptions<TimelineDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public const string Schema = "timeline";

    public DbSet<Event> Events => Set<Event>();
    public DbSet<EventRevision> EventRevisions => Set<EventRevision>();
    public DbSet<Actor> Actors => Set<Actor>();
    public DbSet<ActorIdentifier> ActorIdentifiers => Set<ActorIdentifier>();
    public DbSet<ActorRevision> ActorRevisions => Set<ActorRevision>();
    public DbSet<ActorName> ActorNames => Set<ActorName>();
    public DbSet<SavedTimeline> Timelines => Set<SavedTimeline>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<FeedToken> FeedTokens => Set<FeedToken>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<FollowUp> FollowUps => Set<FollowUp>();
    public DbSet<FollowUpNotice> FollowUpNotices => Set<FollowUpNotice>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Change> Changes => Set<Change>();
    public DbSet<ChangeCheckpoint> ChangeCheckpoints => Set<ChangeCheckpoint>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Measure> Measures => Set<Measure>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<Place> Places => Set<Place>();
    public DbSet<PlaceName> PlaceNames => Set<PlaceName>();
    public DbSet<PlaceRevision> PlaceRevisions => Set<PlaceRevision>();
    public DbSet<Watch> Watches => Set<Watch>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<EventDistinction> EventDistinctions => Set<EventDistinction>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        // Trigram similarity for name search (actor_names); the migration creates it in public.
        modelBuilder.HasPostgresExtension("pg_trgm");
        // Places and the footprints the map filters compare (Debian's postgresql-15-postgis-3).
        modelBuilder.HasPostgresExtension("postgis");

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
            e.HasIndex(x => x.UpdatedAt);
            e.Property(x => x.ExternalId).HasMaxLength(200);
            e.HasIndex(x => x.ExternalId).IsUnique().HasFilter("external_id IS NOT NULL");
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

        MapActors(modelBuilder);
        MapMeasures(modelBuilder);
        MapPeople(modelBuilder);
        MapPlaces(modelBuilder);

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

        modelBuilder.Entity<FeedToken>(e =>
        {
            e.ToTable("feed_tokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Prefix).HasMaxLength(20);
            e.Property(x => x.Scope).HasMaxLength(120);
            e.HasOne<ApiKey>().WithMany().HasForeignKey(x => x.KeyId);
            e.HasIndex(x => x.TokenHash).IsUnique();
            e.HasIndex(x => x.KeyId);
        });

        modelBuilder.Entity<IdempotencyRecord>(e =>
        {
            e.ToTable("idempotency_keys");
            e.HasKey(x => new { x.Caller, x.Key });
            e.Property(x => x.Key).HasMaxLength(200);
            e.Property(x => x.Response).HasColumnType("jsonb");
            // Retention sweeps the oldest records first.
            e.HasIndex(x => x.CreatedAt);
        });

        MapAlerts(modelBuilder);
        MapChanges(modelBuilder);
        LeadMapping.Map(modelBuilder);
    }

    private static void MapMeasures(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Measure>(e =>
        {
            e.ToTable("measures");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(300);
            e.Property(x => x.Unit).HasMaxLength(50);
            e.Property(x => x.Description).HasMaxLength(2_000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
        });

        modelBuilder.Entity<Claim>(e =>
        {
            e.ToTable("claims");
            e.HasKey(x => x.Id);
            e.Property(x => x.Qualifier).HasMaxLength(20);
            e.Property(x => x.AsOf).HasMaxLength(100);
            e.Property(x => x.Period).HasMaxLength(100);
            e.Property(x => x.Note).HasMaxLength(2_000);
            e.Property(x => x.RecordedBy).HasMaxLength(100);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.Property(x => x.RetractionReason).HasMaxLength(2_000);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.OwnsOne(x => x.Source, s => s.ToJson("source"));
            // A measure's page reads all its claims.
            e.HasIndex(x => x.MeasureCode);
            e.HasOne<Measure>().WithMany().HasForeignKey(x => x.MeasureCode).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Claim>().WithMany().HasForeignKey(x => x.DerivedFrom).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId).OnDelete(DeleteBehavior.Restrict);
        });
    }

    private static void MapPlaces(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Place>(e =>
        {
            e.ToTable("places");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Point).HasColumnType("geometry(Point,4326)");
            e.Property(x => x.Area).HasColumnType("geometry(Geometry,4326)");
            e.Property(x => x.Wikidata).HasMaxLength(20);
            e.Property(x => x.GeoNames).HasMaxLength(20);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Wikidata).IsUnique();
            e.HasIndex(x => x.GeoNames).IsUnique();
            e.HasMany(x => x.Names).WithOne().HasForeignKey(x => x.PlaceCode).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<PlaceName>(e =>
        {
            e.ToTable("place_names");
            e.HasKey(x => new { x.PlaceCode, x.Name });
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Key).HasMaxLength(NameKeys.MaxLength);
            e.Property(x => x.Sound).HasMaxLength(NameKeys.MaxLength);
            // Found by name keys as actors are (word_similarity, the <% operator).
            e.HasIndex(x => x.Key).HasMethod("gin").HasOperators("gin_trgm_ops");
            e.HasIndex(x => x.Sound).HasMethod("gin").HasOperators("gin_trgm_ops");
        });

        modelBuilder.Entity<PlaceRevision>(e =>
        {
            e.ToTable("place_revisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Change).HasMaxLength(20);
            e.Property(x => x.ChangedBy).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.Point).HasColumnType("geometry(Point,4326)");
            e.Property(x => x.Area).HasColumnType("geometry(Geometry,4326)");
            e.Property(x => x.Wikidata).HasMaxLength(20);
            e.Property(x => x.GeoNames).HasMaxLength(20);
            e.HasIndex(x => new { x.PlaceCode, x.Version }).IsUnique();
            e.HasOne<Place>().WithMany().HasForeignKey(x => x.PlaceCode).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void MapActors(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Actor>(e =>
        {
            // The primary key on code is also the keyset the list pages on.
            e.ToTable("actors");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.UpdatedBy).HasMaxLength(100);
            e.Property(x => x.Version).IsConcurrencyToken();
            // 'simple': names are not English words to stem; the search matches word prefixes.
            e.HasGeneratedTsVectorColumn(x => x.SearchVector, "simple", x => new { x.Code, x.Name, x.SearchNames });
            e.HasIndex(x => x.SearchVector).HasMethod("GIN");
            e.HasMany(x => x.Identifiers).WithOne().HasForeignKey(x => x.ActorCode).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(x => x.Names).WithOne().HasForeignKey(x => x.ActorCode).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ActorName>(e =>
        {
            e.ToTable("actor_names");
            e.HasKey(x => new { x.ActorCode, x.Name });
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Key).HasMaxLength(NameKeys.MaxLength);
            e.Property(x => x.Sound).HasMaxLength(NameKeys.MaxLength);
            // Trigram indexes of the keys: leads look names up by key, the <% operator finds names holding most of a text's trigrams.
            e.HasIndex(x => x.Key).HasMethod("gin").HasOperators("gin_trgm_ops");
            e.HasIndex(x => x.Sound).HasMethod("gin").HasOperators("gin_trgm_ops");
            // Search narrows to the names holding every word of the query (or one it may stand for) first, by a GIN index of
            // array_to_tsvector(words) that migration ActorNameWordPairs makes (an index on an expression, which the model
            // does not describe).
        });

        modelBuilder.Entity<ActorNameWord>(e =>
        {
            // Filled by the trigger on actor_names (migration ActorNameWordsForSearch); looked up by trigram similarity and prefix.
            e.ToTable("actor_name_words");
            e.HasKey(x => x.Word);
            e.Property(x => x.Word).HasMaxLength(NameKeys.MaxLength);
            e.HasIndex(x => x.Word).HasMethod("gin").HasOperators("gin_trgm_ops");
        });

        modelBuilder.Entity<ActorIdentifier>(e =>
        {
            // The key makes an identifier one actor's only, and finds the actor that has it.
            e.ToTable("actor_identifiers");
            e.HasKey(x => new { x.Scheme, x.Value });
            e.Property(x => x.Scheme).HasMaxLength(20);
            e.Property(x => x.Value).HasMaxLength(100);
            e.HasIndex(x => new { x.ActorCode, x.Scheme }).IsUnique();
        });

        modelBuilder.Entity<ActorRevision>(e =>
        {
            e.ToTable("actor_revisions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Change).HasMaxLength(20);
            e.Property(x => x.ChangedBy).HasMaxLength(100);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.HasIndex(x => new { x.ActorCode, x.Version }).IsUnique();
            e.HasOne<Actor>().WithMany().HasForeignKey(x => x.ActorCode).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void MapChanges(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Change>(e =>
        {
            e.ToTable("changes");
            // Appended at its end, in log order: the log is never updated or deleted from, so a vacuum after inserts
            // would only record the few hundred bytes each full page has left, and small rows (a follow-up's) would then
            // land one per old page — 1 000 pages and 8 MB of WAL for the follow-up check's 1 000 rows. Freezing still
            // comes with the anti-wraparound vacuum, and statistics with autovacuum's analyze.
            e.HasStorageParameter("autovacuum_vacuum_insert_threshold", -1);
            e.HasKey(x => x.Sequence);
            e.Property(x => x.Sequence).UseIdentityAlwaysColumn();
            // Filled in by PostgreSQL as the row is written: the writer's own transaction id, never a shared counter.
            e.Property(x => x.Transaction).HasColumnName("tx").HasColumnType("xid8")
                .HasDefaultValueSql("pg_current_xact_id()").ValueGeneratedOnAdd();
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Entity).HasMaxLength(20);
            e.Property(x => x.EntityId).HasMaxLength(100);
            // json, not jsonb: kept as written, the entity exactly as its GET returned it.
            e.Property(x => x.Data).HasColumnType("json");
            // The log's order, and the keyset readers page on.
            e.HasIndex(x => new { x.Transaction, x.Sequence }).IsUnique();
            e.HasIndex(x => x.At);
        });

        modelBuilder.Entity<ChangeCheckpoint>(e =>
        {
            e.ToTable("change_checkpoints");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(50);
            e.Property(x => x.Transaction).HasColumnName("tx").HasColumnType("xid8");
        });
    }

    private static void MapAlerts(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<FollowUp>(e =>
        {
            e.ToTable("follow_ups");
            e.HasKey(x => x.Id);
            e.Property(x => x.Description).HasMaxLength(2_000);
            e.Property(x => x.Due).HasMaxLength(100);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.CancellationReason).HasMaxLength(2_000);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.EventId);
            e.HasOne<Event>().WithMany().HasForeignKey(x => x.FulfilledBy);
            // The scheduled check reads only open follow-ups by due day: its cost follows what is due, not all of them.
            e.HasIndex(x => x.DueLatest).HasFilter("status = 'open'").HasDatabaseName("ix_follow_ups_open_due_latest");
            e.HasIndex(x => new { x.Status, x.DueLatest });
            e.HasIndex(x => x.EventId);
        });

        modelBuilder.Entity<FollowUpNotice>(e =>
        {
            e.ToTable("follow_up_notices");
            e.HasKey(x => new { x.FollowUpId, x.Kind });
            // No foreign key: a notice is written only by the follow-up check, from the follow-up rows its own statement
            // reads, and follow-ups are never deleted; the key's look-up per notice was 12 of the check's 45 ms at 1 000 due.
        });

        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));

        modelBuilder.Entity<Subscription>(e =>
        {
            e.ToTable("subscriptions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Filter).HasColumnType("jsonb");
            e.Property(x => x.WebhookUrl).HasMaxLength(2_000);
            e.Property(x => x.DisabledReason).HasMaxLength(500);
            e.Property(x => x.MatchKeys).HasDefaultValueSql("'{*}'::text[]");
            // Written to at once, without GIN's list of pending entries: the matcher looks its candidates up in this index on every
            // page, and a pending list (10 000 subscriptions written since the last vacuum) is read whole by each look-up and
            // makes the planner scan every subscription instead. Subscriptions are written seldom; their look-ups, constantly.
            e.HasIndex(x => x.MatchKeys).HasMethod("GIN").HasStorageParameter("fastupdate", false);
            e.HasIndex(x => x.OwnerKeyId);
        });

        modelBuilder.Entity<Alert>(e =>
        {
            e.ToTable("alerts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Data).HasColumnType("jsonb");
            e.Property(x => x.MessageId).HasMaxLength(64);
            e.Property(x => x.DeliveryState).HasMaxLength(20);
            // No foreign key to its subscription: its check locked the subscription's row for every alert written (a third
            // of an alert row's cost in PostgreSQL). Unsubscribing deletes the subscription's alerts itself, under the lock
            // every alert writer holds (the matcher's checkpoint row), so none written meanwhile outlives it.
            // One alert per change and subscription (a repeated page writes nothing), and a subscription's alerts found by
            // its id (listing them, unsubscribing). A message id is made unique where it is made (a version 7 GUID); an
            // index of its own would add to every alert's writing, for a look-up nothing makes.
            e.HasIndex(x => new { x.SubscriptionId, x.ChangeSequence }).IsUnique();
            // Retention sweeps the oldest alerts first.
            e.HasIndex(x => x.CreatedAt);
            // The dispatcher's queue: webhook alerts still to deliver, soonest first.
            e.HasIndex(x => x.NextAttemptAt).HasFilter("delivery_state = 'pending'").HasDatabaseName("ix_alerts_pending_next_attempt");
        });

        modelBuilder.Entity<Delivery>(e =>
        {
            e.ToTable("deliveries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Error).HasMaxLength(2_000);
            e.HasOne<Alert>().WithMany().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.SubscriptionId, x.AttemptedAt });
            e.HasIndex(x => x.AttemptedAt);
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
        e.OwnsOne(x => x.Sanction, s => s.ToJson("sanction"));
        e.OwnsMany(x => x.Places, p => p.ToJson("places"));
        e.Property(x => x.Footprint).HasColumnType("geometry(Geometry,4326)");
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
        e.HasIndex(x => x.Credibility);
        e.HasIndex(x => x.SourceReliabilities).HasMethod("GIN");
        // bbox and near: the footprint meets the box or circle.
        e.HasIndex(x => x.Footprint).HasMethod("GIST");
        // The authority and program filters use expression indexes on the sanction's members, made in the migration.
    }
}
