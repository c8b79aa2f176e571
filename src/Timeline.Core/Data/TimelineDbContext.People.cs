using Microsoft.EntityFrameworkCore;
using Timeline.Core.People;

namespace Timeline.Core.Data;

/// <summary>People who sign in, the authors that attributions name, and the audit log.</summary>
public sealed partial class TimelineDbContext
{
    public DbSet<Person> People => Set<Person>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    private static void MapPeople(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Person>(e =>
        {
            e.ToTable("people");
            e.HasKey(x => x.Id);
            e.Property(x => x.Issuer).HasMaxLength(300);
            e.Property(x => x.Subject).HasMaxLength(255);
            e.Property(x => x.Name).HasMaxLength(200);
            e.Property(x => x.Email).HasMaxLength(320);
            e.Property(x => x.Signature).HasMaxLength(100);
            e.Property(x => x.ClaimedRole).HasMaxLength(20);
            e.Property(x => x.GrantedRole).HasMaxLength(20);
            e.Ignore(x => x.Role);
            // One person per provider account: the provider's issuer and subject, never the e-mail.
            e.HasIndex(x => new { x.Issuer, x.Subject }).IsUnique();
            e.HasIndex(x => x.Signature).IsUnique();
        });

        modelBuilder.Entity<Author>(e =>
        {
            // Keyed by the name records carry: a name taken once is never given to another key or person.
            e.ToTable("authors");
            e.HasKey(x => x.Name);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Kind).HasMaxLength(10);
            e.HasIndex(x => x.Id);
        });

        modelBuilder.Entity<AuditEntry>(e =>
        {
            e.ToTable("audit_log");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).UseIdentityAlwaysColumn();
            e.Property(x => x.Action).HasMaxLength(40);
            e.Property(x => x.By).HasMaxLength(100);
            e.Property(x => x.Target).HasMaxLength(40);
            e.Property(x => x.TargetId).HasMaxLength(200);
            e.Property(x => x.Detail).HasMaxLength(1000);
            e.Property(x => x.Address).HasMaxLength(64);
            // Newest first, and retention sweeps the oldest.
            e.HasIndex(x => x.At);
        });
    }
}
