using System.Security.Cryptography;
using OrleansPersonalization.Domain.Audit;

namespace OrleansPersonalization.Tests.Domain;

public class AuditChainTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void An_untouched_chain_verifies()
    {
        var (entries, head) = Chain(5);

        Assert.Equal(AuditVerification.Intact(5), AuditChain.Verify(Key, entries, head));
        Assert.Equal(AuditVerification.Intact(0), AuditChain.Verify(Key, [], null));
    }

    [Fact]
    public void A_modified_entry_is_found()
    {
        var (entries, head) = Chain(5);
        entries[2] = entries[2] with { Detail = "nothing happened" };

        var result = AuditChain.Verify(Key, entries, head);

        Assert.False(result.IsIntact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Contains("modified", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deleted_entry_is_found_and_so_is_one_relinked_without_the_key()
    {
        var (entries, head) = Chain(5);
        var withoutThird = entries.Where(e => e.Sequence != 3).ToList();
        Assert.Equal(3, AuditChain.Verify(Key, withoutThird, head).BrokenAt);

        // Renumbering and relinking needs the key: with another key every MAC is wrong.
        var forged = Chain(4, RandomNumberGenerator.GetBytes(32));
        Assert.Equal(1, AuditChain.Verify(Key, forged.Entries, forged.Head).BrokenAt);
    }

    [Fact]
    public void Removing_the_newest_entries_is_found_through_the_sealed_head()
    {
        var (entries, head) = Chain(5);
        Assert.Contains("removed", AuditChain.Verify(Key, entries.Take(3), head).Problem, StringComparison.Ordinal);

        // Moving the head back to the new last entry needs a seal only the key can make.
        var movedBack = head! with { Sequence = 3, Mac = entries[2].Mac! };
        Assert.Contains("head was modified", AuditChain.Verify(Key, entries.Take(3), movedBack).Problem, StringComparison.Ordinal);
        Assert.Contains("head is missing", AuditChain.Verify(Key, entries, null).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_entries_are_found()
    {
        var (entries, head) = Chain(4);
        var swapped = new List<AuditEntry> { entries[0], entries[2] with { Sequence = 2 }, entries[1] with { Sequence = 3 }, entries[3] };

        Assert.Equal(2, AuditChain.Verify(Key, swapped, head).BrokenAt);
    }

    [Fact]
    public void Times_keep_their_MAC_through_a_store_that_keeps_microseconds()
    {
        var at = Start.AddTicks(1234567);
        var mac = AuditChain.Link(Key, 1, at, "k", "admin", null, null, AuditChain.Genesis);

        Assert.Equal(mac, AuditChain.Link(Key, 1, AuditChain.Normalize(at), "k", "admin", null, null, AuditChain.Genesis));
        Assert.NotEqual(mac, AuditChain.Link(Key, 1, at, "k", "admin", "", null, AuditChain.Genesis));
    }

    [Fact]
    public void Entries_from_before_the_chain_are_adopted_in_order_without_gaps()
    {
        AuditEntry[] legacy =
        [
            new(3, Start, AuditKinds.CatalogChange, ActorRoles.Admin, null, "first"),
            new(7, Start.AddMinutes(1), AuditKinds.Erasure, ActorRoles.App, "0123456789abcdef0123456789abcdef", "second"),
        ];

        var resumed = AuditChain.Resume(Key, legacy, Start.AddHours(1), adoptLegacy: true);

        Assert.Null(resumed.TamperMarker);
        Assert.Equal([3L, 7L], resumed.Rechained.Select(c => c.OldSequence));
        Assert.Equal([1L, 2L], resumed.Rechained.Select(c => c.Chained.Sequence));
        Assert.Equal(AuditVerification.Intact(2), AuditChain.Verify(Key, resumed.Rechained.Select(c => c.Chained), resumed.Head));
        Assert.Null(AuditChain.Resume(Key, [], Start, adoptLegacy: false).Head);
    }

    [Fact]
    public void Entries_without_macs_are_tampering_unless_the_operator_vouches_for_them()
    {
        // What a trail looks like after someone stripped every MAC and the head: exactly a pre-chain store.
        var (entries, _) = Chain(3);
        var stripped = entries.Select(e => e with { Mac = null, Previous = null }).ToList();

        var resumed = AuditChain.Resume(Key, stripped, Start.AddHours(1), adoptLegacy: false);

        Assert.Empty(resumed.Rechained);
        Assert.Equal(AuditKinds.AuditTamper, resumed.TamperMarker?.Kind);
    }

    [Fact]
    public void A_missing_head_beside_chained_entries_is_recorded_as_tampering_never_rechained()
    {
        var (entries, _) = Chain(5);
        var truncated = entries.Take(3).ToList();

        var resumed = AuditChain.Resume(Key, truncated, Start.AddHours(1), adoptLegacy: true);

        Assert.Empty(resumed.Rechained);
        var marker = Assert.IsType<AuditEntry>(resumed.TamperMarker);
        Assert.Equal(AuditKinds.AuditTamper, marker.Kind);
        Assert.Equal(4, marker.Sequence);
        var verification = AuditChain.Verify(Key, [.. truncated, marker], resumed.Head);
        Assert.False(verification.IsIntact);
        Assert.Equal(4, verification.BrokenAt);
        Assert.Contains("tampering", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Legacy_entries_mixed_with_chained_ones_are_tampering_too()
    {
        var (entries, _) = Chain(2);
        AuditEntry[] mixed = [.. entries, new(3, Start.AddMinutes(9), AuditKinds.Export, ActorRoles.App, null, null)];

        var resumed = AuditChain.Resume(Key, mixed, Start.AddHours(1), adoptLegacy: true);

        Assert.Empty(resumed.Rechained);
        Assert.Equal(AuditKinds.AuditTamper, resumed.TamperMarker?.Kind);
    }

    private static (List<AuditEntry> Entries, AuditHead? Head) Chain(int count, byte[]? key = null)
    {
        key ??= Key;
        var entries = new List<AuditEntry>();
        var previous = AuditChain.Genesis;
        for (var sequence = 1L; sequence <= count; sequence++)
        {
            var at = Start.AddMinutes(sequence);
            var detail = $"change {sequence}";
            var mac = AuditChain.Link(key, sequence, at, AuditKinds.ConsentChange, ActorRoles.App, "0123456789abcdef0123456789abcdef", detail, previous);
            entries.Add(new AuditEntry(sequence, at, AuditKinds.ConsentChange, ActorRoles.App, "0123456789abcdef0123456789abcdef", detail) { Previous = previous, Mac = mac });
            previous = mac;
        }

        return (entries, count == 0 ? null : new AuditHead(count, previous, AuditChain.Seal(key, count, previous)));
    }
}
