using OrleansPersonalization.Contracts;

namespace OrleansPersonalization.Grains;

/// <summary>A long administrative operation: what it is, who started it, and how it ended.</summary>
[GenerateSerializer, Alias("admin-job-state")]
public sealed record AdminJobState
{
    [Id(0)] public AdminJobStatus? Status { get; init; }
    [Id(1)] public string ActorRole { get; init; } = "";
    [Id(2)] public int Attempts { get; init; }
}
