using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Erasure;

/// <summary>
/// Proof that an erasure happened. It names no subject: the audit entry of the erasure is found by
/// the receipt id, and nothing in the receipt links to the entries about the person before it.
/// </summary>
[GenerateSerializer, Immutable, Alias("erasure-receipt")]
public sealed record ErasureReceipt(
    [property: Id(0)] string ReceiptId,
    [property: Id(1)] DateTimeOffset ErasedAt,
    [property: Id(2)] ImmutableArray<string> Erased)
{
    public static ImmutableArray<string> Everything { get; } = ["consent", "profile", "events", "modelContributions", "keys"];
}
