using Microsoft.Extensions.Logging;
using OrleansPersonalization.Domain.Privacy;

namespace OrleansPersonalization.Logging;

/// <summary>Log messages of the grains. Users appear only as one-way subject digests.</summary>
internal static partial class GrainLog
{
    [LoggerMessage(1001, LogLevel.Information, "Consent changed for subject {SubjectDigest}: {Change}")]
    public static partial void ConsentChanged(this ILogger logger, [PseudonymousData] string subjectDigest, string change);

    [LoggerMessage(1002, LogLevel.Information, "Personalization withdrawn for subject {SubjectDigest}: behaviour and profile deleted")]
    public static partial void PersonalizationWithdrawn(this ILogger logger, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1003, LogLevel.Information, "Erased subject {SubjectDigest}")]
    public static partial void Erased(this ILogger logger, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1004, LogLevel.Debug, "Retention removed {Count} events of subject {SubjectDigest}")]
    public static partial void RetentionPruned(this ILogger logger, int count, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1005, LogLevel.Information, "Erasure job {JobId} finished: {Done} erased, {Failed} failed")]
    public static partial void ErasureJobFinished(this ILogger logger, string jobId, int done, int failed);

    [LoggerMessage(1006, LogLevel.Warning, "Erasure job {JobId} could not erase entry {Index}")]
    public static partial void ErasureJobEntryFailed(this ILogger logger, Exception exception, string jobId, int index);

    [LoggerMessage(1007, LogLevel.Information, "Model rebuilt from {Contributors} contributors, version {Version}")]
    public static partial void ModelRebuilt(this ILogger logger, long contributors, string version);

    [LoggerMessage(1009, LogLevel.Warning, "Could not refresh this silo's copy of the {Copy}; serving the previous one")]
    public static partial void SnapshotRefreshFailed(this ILogger logger, string copy, Exception exception);

    [LoggerMessage(1010, LogLevel.Information, "Ranker trained on {Users} users: Recall@20 hand-set {HandSet:0.0000}, learned {Learned:0.0000}, learned weights adopted: {Adopted}")]
    public static partial void RankerTrained(this ILogger logger, int users, double handSet, double learned, bool adopted);

    [LoggerMessage(1011, LogLevel.Warning, "Ranker training failed; the current ranking stays")]
    public static partial void RankerTrainingFailed(this ILogger logger, Exception? exception);

    [LoggerMessage(1012, LogLevel.Information, "A user the learned ranker was trained on left the model: serving the hand-set blend until the ranker is retrained")]
    public static partial void RankerDropped(this ILogger logger);

    [LoggerMessage(1013, LogLevel.Error, "Could not read the contributions from the store to build the model")]
    public static partial void ModelLoadFailed(this ILogger logger, Exception exception);

    [LoggerMessage(1014, LogLevel.Warning, "The stored state of subject {SubjectDigest} cannot be opened (key shredded, or not sealed by us): starting empty")]
    public static partial void StateUnreadable(this ILogger logger, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1015, LogLevel.Debug, "Profile of subject {SubjectDigest} set: country {Country}, language {Language}, age band {AgeBand}")]
    public static partial void ProfileSet(this ILogger logger, [PseudonymousData] string subjectDigest, [PersonalData] string? country, [PersonalData] string? language, [PersonalData] string? ageBand);

    [LoggerMessage(1016, LogLevel.Trace, "Subject {SubjectDigest} recorded {Count} events, newest on item {ItemId}")]
    public static partial void EventsRecorded(this ILogger logger, [PseudonymousData] string subjectDigest, int count, [PersonalData] string itemId);

    [LoggerMessage(1017, LogLevel.Warning, "The stored state of subject {SubjectDigest} could not be opened; skipped")]
    public static partial void StoredStateUnreadable(this ILogger logger, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1018, LogLevel.Warning, "The data key of subject {SubjectDigest} could not be unwrapped (its master key is not in the ring?); skipped")]
    public static partial void DataKeyUnreadable(this ILogger logger, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1019, LogLevel.Error, "The stored state of subject {SubjectDigest} is damaged or sealed under a master key that is not configured: reads and writes are refused until it is restored or erased")]
    public static partial void StateDamaged(this ILogger logger, [PseudonymousData] string subjectDigest);

    [LoggerMessage(1008, LogLevel.Information, "Catalog item {ItemId} {Change}")]
    public static partial void CatalogChanged(this ILogger logger, string itemId, string change);

    [LoggerMessage(1020, LogLevel.Debug, "{Contributors} contributors holding {Items} items left the dense model by one downdate in {Milliseconds:0.0} ms")]
    public static partial void DenseModelDowndated(this ILogger logger, int contributors, int items, double milliseconds);

    [LoggerMessage(1021, LogLevel.Error, "The dense model's re-solve failed; the previous one keeps serving and the next tick tries again")]
    public static partial void DenseModelSolveFailed(this ILogger logger, Exception? exception);

    [LoggerMessage(1022, LogLevel.Warning, "Contribution of subject {SubjectDigest} not acknowledged (attempt {Attempt}); sending it again")]
    public static partial void ContributionRetried(this ILogger logger, [PseudonymousData] string subjectDigest, int attempt);

    [LoggerMessage(1024, LogLevel.Warning, "Contribution of subject {SubjectDigest} could not reach the model ({Failure}); it is kept and sent with the next change or at deactivation")]
    public static partial void ContributionDeferred(this ILogger logger, [PseudonymousData] string subjectDigest, string failure);

    [LoggerMessage(1023, LogLevel.Warning, "The journal of subject {SubjectDigest} could not be compacted ({Failure}); its row says which entries it holds, and the next write tries again")]
    public static partial void JournalCompactionFailed(this ILogger logger, [PseudonymousData] string subjectDigest, string failure);

    [LoggerMessage(1025, LogLevel.Error, "Admin job {JobId} ({Kind}) failed")]
    public static partial void AdminJobFailed(this ILogger logger, Exception exception, string jobId, string kind);
}
