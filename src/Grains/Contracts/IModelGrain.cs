using System.Collections.Immutable;
using OrleansPersonalization.Domain.Model;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// The shared model (one activation, key <see cref="Key"/>). It holds the sufficient statistics in
/// memory, rebuilt from the stored user states whenever it activates, so it needs no state of its
/// own and survives any restart; silos pull immutable snapshots of it.
/// </summary>
[Alias("model")]
public interface IModelGrain : IGrainWithStringKey
{
    const string Key = "default";

    /// <summary>
    /// Sets exactly what each user of the batch contributes; an empty set takes the user out, and is
    /// acknowledged only once the published model no longer holds them. Idempotent. Called by the
    /// contribution partitions, one call per partition at a time.
    /// </summary>
    [Alias("set-contributions")]
    Task SetContributions(ImmutableArray<ContributionChange> changes);

    /// <summary>
    /// A snapshot of the model as it is now. Right after activation it waits (a few seconds at most)
    /// for the statistics to be loaded; it interleaves, so contributions are not held up meanwhile.
    /// </summary>
    [Alias("get-snapshot"), AlwaysInterleave, ResponseTimeout(LongOperations.Timeout)]
    Task<ModelSnapshot> GetSnapshot();

    /// <summary>The current model described in a few numbers (published first, as <see cref="GetSnapshot"/>), for operators.</summary>
    [Alias("get-status"), AlwaysInterleave, ResponseTimeout(LongOperations.Timeout)]
    Task<ModelStatus> GetStatus(long catalogVersion);

    /// <summary>
    /// What brings a silo serving <paramref name="knownVersion"/> (whose dense model is
    /// <paramref name="denseLineage"/> after <paramref name="denseDowndates"/> downdates) to the latest
    /// published snapshot: the removed contributions alone when its dense model continues the published
    /// one, the whole snapshot otherwise; null when it is current.
    /// </summary>
    [Alias("get-update")]
    Task<ModelUpdate?> GetUpdate(string knownVersion, string? denseLineage, int denseDowndates);

    /// <summary>
    /// The same, but when the silo is current it waits (at most <paramref name="maxWait"/>, capped at
    /// a few seconds) for the next publication: silos learn of an erasure's new version at once
    /// rather than at their next look. Interleaves, so waiting holds nothing up.
    /// </summary>
    [Alias("wait-for-update"), AlwaysInterleave]
    Task<ModelUpdate?> WaitForUpdate(string knownVersion, string? denseLineage, int denseDowndates, TimeSpan maxWait);

    /// <summary>
    /// Rebuilds the statistics from scratch from the stored contributions. The store is read off the
    /// grain's turn, so contributions keep flowing meanwhile; the call interleaves while it waits.
    /// </summary>
    [Alias("rebuild"), AlwaysInterleave, ResponseTimeout(LongOperations.JobTimeout)]
    Task<ModelSnapshot> Rebuild(string actorRole);
}
