using System.Collections.Immutable;
using OrleansPersonalization.Contracts;

namespace OrleansPersonalization.Grains;

/// <summary>
/// A bulk erasure job. <see cref="PendingKeys"/> holds pseudonymous keys only while the job runs;
/// a finished job keeps its receipts and forgets whom it erased.
/// </summary>
[GenerateSerializer, Alias("erasure-job-state")]
public sealed record ErasureJobState
{
    [Id(0)] public string? Status { get; init; }
    [Id(1)] public string ActorRole { get; init; } = "";
    [Id(2)] public ImmutableArray<string> PendingKeys { get; init; } = [];
    [Id(3)] public int Total { get; init; }
    [Id(4)] public ImmutableList<ErasureJobReceipt> Receipts { get; init; } = [];
    [Id(5)] public DateTimeOffset? CreatedAt { get; init; }
    [Id(6)] public DateTimeOffset? CompletedAt { get; init; }
}
