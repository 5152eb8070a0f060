using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Domain.Pseudonymization;

namespace OrleansPersonalization.Tests.Domain;

public class PseudonymizationTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    [Fact]
    public void The_user_key_is_a_stable_keyed_hash_that_does_not_contain_the_id()
    {
        var pseudonymizer = new UserPseudonymizer(Secret);

        var key = pseudonymizer.KeyFor("alice@example.com");

        Assert.Equal(key, pseudonymizer.KeyFor("alice@example.com"));
        Assert.NotEqual(key, pseudonymizer.KeyFor("bob@example.com"));
        Assert.True(UserKeys.IsWellFormed(key));
        Assert.DoesNotContain("alice", key, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Another_secret_gives_unlinkable_keys()
    {
        var other = Secret.Select(b => (byte)(b ^ 0xFF)).ToArray();

        Assert.NotEqual(new UserPseudonymizer(Secret).KeyFor("alice"), new UserPseudonymizer(other).KeyFor("alice"));
    }

    [Fact]
    public void Short_secrets_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new UserPseudonymizer(new byte[16]));
    }

    [Fact]
    public void The_audit_digest_is_one_way_from_the_key()
    {
        var key = new UserPseudonymizer(Secret).KeyFor("alice");

        Assert.Equal(32, UserKeys.Digest(key).Length);
        Assert.DoesNotContain(UserKeys.Digest(key), key, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_keys_are_matched_by_hash_and_unknown_keys_match_nothing()
    {
        var store = new ApiKeyStore([new ApiKeyEntry { Name = "a", Role = ApiRoles.App, Sha256 = ApiKeyStore.Hash("secret-key") }]);

        Assert.Equal(ApiRoles.App, store.Find("secret-key")?.Role);
        Assert.Null(store.Find("secret-kez"));
        Assert.Null(store.Find(""));
        Assert.Throws<InvalidOperationException>(() => new ApiKeyStore([new ApiKeyEntry { Name = "b", Role = "root", Sha256 = ApiKeyStore.Hash("x") }]));
    }
}
