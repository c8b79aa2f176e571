using Timeline.Api.Features.Access;

namespace Timeline.UnitTests.Features.Access;

public sealed class KnownKeysTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly byte[] Hash = ApiKeyAuthentication.HashOf("tl_example");

    [Fact]
    public void A_remembered_key_is_known_for_its_lifetime_and_then_looked_up_again()
    {
        var clock = new Clock();
        var known = new KnownKeys(clock);
        var key = new KnownKey(Guid.NewGuid(), "analyst", "editor");

        Assert.False(known.TryGet(Hash, out _));
        known.Remember(Hash, key, known.Generation);
        clock.Now += KnownKeys.Lifetime - TimeSpan.FromMilliseconds(1);
        Assert.True(known.TryGet(Hash, out var found));
        Assert.Equal(key, found);

        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.False(known.TryGet(Hash, out _));
    }

    [Fact]
    public void A_revoked_key_is_forgotten_at_once()
    {
        var known = new KnownKeys(new Clock());
        var key = new KnownKey(Guid.NewGuid(), "analyst", "editor");
        var other = new KnownKey(Guid.NewGuid(), "reader", "reader");
        var otherHash = ApiKeyAuthentication.HashOf("tl_other");
        known.Remember(Hash, key, known.Generation);
        known.Remember(otherHash, other, known.Generation);

        known.Forget(key.Id);

        Assert.False(known.TryGet(Hash, out _));
        Assert.True(known.TryGet(otherHash, out _));
    }

    /// <summary>
    /// A look-up that read the key before its revocation committed, and finishes after the revocation was forgotten,
    /// must not put it back for the cache's lifetime.
    /// </summary>
    [Fact]
    public void A_key_looked_up_before_a_revocation_is_not_remembered_after_it()
    {
        var known = new KnownKeys(new Clock());
        var key = new KnownKey(Guid.NewGuid(), "analyst", "editor");
        var seen = known.Generation; // the look-up starts, and reads the key as valid

        known.Forget(key.Id); // the revocation commits and is heard
        known.Remember(Hash, key, seen); // the look-up finishes

        Assert.False(known.TryGet(Hash, out _));
    }
}
