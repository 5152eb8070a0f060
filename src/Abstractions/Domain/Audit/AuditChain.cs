using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrleansPersonalization.Domain.Audit;

/// <summary>
/// The audit trail's tamper evidence. Every entry carries an HMAC-SHA256 over its own fields and
/// the previous entry's MAC, so changing, removing or reordering an entry breaks every link after
/// it. A sealed head (the last sequence and MAC) makes removing the newest entries evident too.
/// The key lives outside the database: whoever holds only the database cannot forge a chain.
/// </summary>
public static class AuditChain
{
    /// <summary>What the first entry links to.</summary>
    public const string Genesis = "genesis";

    /// <summary>Times are kept to the microsecond, what every store preserves, so a MAC survives a round trip.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);

    public static string Link(byte[] key, long sequence, DateTimeOffset at, string kind, string actorRole, string? subjectDigest, string? detail, string previous)
    {
        ArgumentNullException.ThrowIfNull(key);
        var canonical = new StringBuilder();
        foreach (var field in new[]
        {
            sequence.ToString(CultureInfo.InvariantCulture),
            Normalize(at).UtcTicks.ToString(CultureInfo.InvariantCulture),
            kind, actorRole, subjectDigest, detail, previous,
        })
        {
            // Length-prefixed, and absent distinct from empty: no two field lists encode alike.
            canonical.Append(field is null ? "-" : $"{field.Length}:{field}").Append('|');
        }

        return Mac(key, canonical.ToString());
    }

    public static string Seal(byte[] key, long sequence, string mac) =>
        Mac(key, string.Create(CultureInfo.InvariantCulture, $"head|{sequence}|{mac}"));

    /// <summary>
    /// What an append does when the trail has no sealed head. No entries: a fresh trail. Only
    /// entries from before the chain existed (no MACs), and the operator vouches for them
    /// (<paramref name="adoptLegacy"/>): they are chained as they are, in their order. Anything else
    /// is tampering (the head was deleted, perhaps with the newest entries, or MACs were stripped):
    /// nothing is re-chained — that would launder it — and an <see cref="AuditKinds.AuditTamper"/>
    /// entry is linked after the last entry found, so every later verification reports it.
    /// </summary>
    public static AuditResumption Resume(byte[] key, IReadOnlyList<AuditEntry> entries, DateTimeOffset now, bool adoptLegacy)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return new([], null, null);
        }

        if (adoptLegacy && entries.All(e => e.Mac is null))
        {
            var (chained, head) = Adopt(key, entries);
            return new(chained, null, head);
        }

        var last = entries.MaxBy(e => e.Sequence)!;
        var sequence = last.Sequence + 1;
        var previous = last.Mac ?? Genesis;
        var at = Normalize(now);
        var detail = string.Create(CultureInfo.InvariantCulture, $"the sealed head was missing while {entries.Count} entries (last: {last.Sequence}) were present");
        var mac = Link(key, sequence, at, AuditKinds.AuditTamper, ActorRoles.System, null, detail, previous);
        var marker = new AuditEntry(sequence, at, AuditKinds.AuditTamper, ActorRoles.System, null, detail) { Previous = previous, Mac = mac };
        return new([], marker, new AuditHead(sequence, mac, Seal(key, sequence, mac)));
    }

    /// <summary>Chains entries written before the chain existed, as they are, in their order.</summary>
    private static (IReadOnlyList<(long OldSequence, AuditEntry Chained)> Entries, AuditHead? Head) Adopt(byte[] key, IReadOnlyList<AuditEntry> legacy)
    {
        var chained = new List<(long, AuditEntry)>(legacy.Count);
        var previous = Genesis;
        var sequence = 0L;
        foreach (var entry in legacy.OrderBy(e => e.Sequence))
        {
            sequence++;
            var mac = Link(key, sequence, entry.At, entry.Kind, entry.ActorRole, entry.SubjectDigest, entry.Detail, previous);
            chained.Add((entry.Sequence, entry with { Sequence = sequence, Previous = previous, Mac = mac }));
            previous = mac;
        }

        return (chained, sequence == 0 ? null : new AuditHead(sequence, previous, Seal(key, sequence, previous)));
    }

    /// <summary>Walks the whole trail in sequence order and reports the first entry that breaks the chain.</summary>
    public static AuditVerification Verify(byte[] key, IEnumerable<AuditEntry> entries, AuditHead? head)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var expected = 1L;
        var previous = Genesis;
        foreach (var entry in entries)
        {
            if (entry.Sequence != expected)
            {
                return AuditVerification.Broken(expected - 1, expected, $"entry {expected} is missing");
            }

            if (entry.Previous != previous)
            {
                return AuditVerification.Broken(expected - 1, expected, $"entry {expected} does not link to the entry before it");
            }

            var mac = Link(key, entry.Sequence, entry.At, entry.Kind, entry.ActorRole, entry.SubjectDigest, entry.Detail, previous);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(entry.Mac ?? "")))
            {
                return AuditVerification.Broken(expected - 1, expected, $"entry {expected} was modified");
            }

            if (entry.Kind == AuditKinds.AuditTamper)
            {
                // Genuine (its MAC verifies): the trail itself recorded that it had been tampered with.
                return AuditVerification.Broken(expected - 1, expected, $"tampering was detected at {entry.At:O}: {entry.Detail}");
            }

            previous = mac;
            expected++;
        }

        var count = expected - 1;
        if (head is null)
        {
            return count == 0 ? AuditVerification.Intact(0) : AuditVerification.Broken(count, count, "the sealed head is missing");
        }

        if (Seal(key, head.Sequence, head.Mac) != head.Seal)
        {
            return AuditVerification.Broken(count, head.Sequence, "the sealed head was modified");
        }

        if (head.Sequence != count || head.Mac != (count == 0 ? Genesis : previous))
        {
            return AuditVerification.Broken(count, count + 1, $"the head seals entry {head.Sequence}, but the trail ends at entry {count}: entries were removed");
        }

        return AuditVerification.Intact(count);
    }

    private static string Mac(byte[] key, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));
}
