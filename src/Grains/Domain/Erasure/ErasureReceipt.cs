using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Erasure;

/// <summary>Proof that an erasure happened; it names the subject only by digest.</summary>
[GenerateSerializer, Immutable, Alias("erasure-receipt")]
public sealed record ErasureReceipt(
    [property: Id(0)] string ReceiptId,
    [property: Id(1)] DateTimeOffset ErasedAt,
    [property: Id(2)] ImmutableArray<string> Erased,
    [property: Id(3)] string SubjectDigest)
{
    public static ImmutableArray<string> Everything { get; } = ["consent", "profile", "events", "modelContributions", "keys"];
}
