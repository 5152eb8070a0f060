using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Protection;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Tests.Domain;

public class ProtectionTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_sealed_value_opens_only_with_its_key_and_context_and_untouched()
    {
        var plaintext = Encoding.UTF8.GetBytes("jazz-42 purchase");
        var sealedBytes = Envelope.Seal(Key, plaintext, "user-state|u1");

        Assert.Equal(plaintext, Envelope.Open(Key, sealedBytes, "user-state|u1"));
        Assert.DoesNotContain("jazz", Encoding.UTF8.GetString(sealedBytes), StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => Envelope.Open(RandomNumberGenerator.GetBytes(32), sealedBytes, "user-state|u1"));
        Assert.ThrowsAny<CryptographicException>(() => Envelope.Open(Key, sealedBytes, "user-state|u2"));
        sealedBytes[^1] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => Envelope.Open(Key, sealedBytes, "user-state|u1"));
    }

    [Fact]
    public void The_same_value_seals_differently_every_time()
    {
        Assert.NotEqual(Envelope.Seal(Key, [1, 2, 3], "c"), Envelope.Seal(Key, [1, 2, 3], "c"));
    }

    [Fact]
    public void A_ring_unwraps_with_every_key_it_holds_and_wraps_with_the_current_one()
    {
        var k1 = RandomNumberGenerator.GetBytes(32);
        var k2 = RandomNumberGenerator.GetBytes(32);
        var old = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = k1 }, "k1");
        var (dataKey, wrapped) = old.NewDataKey("u1");

        var during = new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = k1, ["k2"] = k2 }, "k2");
        Assert.Equal(dataKey, during.Unwrap(wrapped, "u1"));
        var rewrapped = during.Wrap(dataKey, "u1");
        Assert.Equal("k2", rewrapped.MasterKeyId);

        var after = new MasterKeyRing(new Dictionary<string, byte[]> { ["k2"] = k2 }, "k2");
        Assert.Equal(dataKey, after.Unwrap(rewrapped, "u1"));
        Assert.ThrowsAny<CryptographicException>(() => after.Unwrap(wrapped, "u1"));
        Assert.ThrowsAny<CryptographicException>(() => during.Unwrap(rewrapped, "u2"));
    }

    [Fact]
    public void A_user_state_opens_only_with_its_owners_key_unless_encryption_was_switched_off()
    {
        using var services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        var protector = new UserStateProtector(services.GetRequiredService<Serializer<UserState>>());
        var state = new UserState { Events = [new BehaviourEvent("item-7", EventType.Purchase, DateTimeOffset.UnixEpoch)] };

        var sealedState = protector.Seal(state, Key, "u1");
        Assert.True(UserStateProtector.NeedsKey(sealedState));
        Assert.Equal("item-7", protector.Open(sealedState, Key, "u1").Events.Single().ItemId);
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(sealedState, null, "u1"));
        Assert.ThrowsAny<CryptographicException>(() => protector.Open(sealedState, Key, "u2"));

        var plain = protector.Seal(state, null, "u1");
        Assert.False(UserStateProtector.NeedsKey(plain));
        Assert.Equal("item-7", protector.Open(plain, null, "u1").Events.Single().ItemId);
    }

    [Fact]
    public void A_ring_refuses_short_keys_and_an_unknown_current_key()
    {
        Assert.Throws<ArgumentException>(() => new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = new byte[16] }, "k1"));
        Assert.Throws<ArgumentException>(() => new MasterKeyRing(new Dictionary<string, byte[]> { ["k1"] = Key }, "k9"));
    }
}
