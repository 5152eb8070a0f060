using System.Collections.Immutable;

namespace OrleansPersonalization.Contracts;

/// <summary>A bulk erasure job, keyed by its job id.</summary>
[Alias("erasure-job")]
public interface IErasureJobGrain : IGrainWithStringKey
{
    /// <summary>Starts the job once; later calls with the same id change nothing.</summary>
    [Alias("start"), ResponseTimeout(LongOperations.Timeout)]
    Task<ErasureJobStatus> Start(ImmutableArray<string> userKeys, string? reason, string actorRole);

    [Alias("get-status")]
    Task<ErasureJobStatus?> GetStatus();
}

[GenerateSerializer, Immutable, Alias("erasure-job-status")]
public sealed record ErasureJobStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] string State,
    [property: Id(2)] int Total,
    [property: Id(3)] int Done,
    [property: Id(4)] int Failed,
    [property: Id(5)] ImmutableArray<ErasureJobReceipt> Receipts)
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string FailedState = "failed";
}

/// <summary>One user's outcome; <see cref="Index"/> is the position in the request's <c>userIds</c>.</summary>
[GenerateSerializer, Immutable, Alias("erasure-job-receipt")]
public sealed record ErasureJobReceipt(
    [property: Id(0)] int Index,
    [property: Id(1)] string? ReceiptId,
    [property: Id(2)] DateTimeOffset? ErasedAt,
    [property: Id(4)] string Status);
