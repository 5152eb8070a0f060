namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// Which contribution partition a user's changes go through. By user, not by item: a change is one
/// user's whole set, so it lands in exactly one partition, in order, and an erasure needs exactly one.
/// Keys are HMAC outputs, so any stable hash of them spreads users evenly.
/// </summary>
public static class ContributionPartitions
{
    public static int Of(string userKey, int partitions)
    {
        ArgumentNullException.ThrowIfNull(userKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);

        // FNV-1a: stable across processes and versions, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in userKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)partitions);
    }
}
