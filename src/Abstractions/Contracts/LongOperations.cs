namespace OrleansPersonalization.Contracts;

/// <summary>
/// The grain calls that legitimately run for seconds (a rebuild, a verification of the whole trail,
/// a key rewrap, an import batch, starting an erasure job over thousands of users) and so keep a
/// long response timeout even where calls on a user's path have a short one (the API tier, where
/// a short timeout is what lets a request sent through a silo that just died be replayed quickly).
/// </summary>
public static class LongOperations
{
    public const string Timeout = "00:01:00";

    /// <summary>What an admin job's own calls may take (<c>IAdminJobGrain</c>): nobody waits on them but the job.</summary>
    public const string JobTimeout = "00:30:00";
}
