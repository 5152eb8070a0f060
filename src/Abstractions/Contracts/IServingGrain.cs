using System.Collections.Immutable;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Contracts;

/// <summary>
/// Answers what needs the model or the catalog but no user from the copies of the silo it runs on:
/// a stateless worker (any key, <see cref="Key"/> by convention), so a co-hosted API calls it in
/// process and an API tier reaches the nearest silo, and neither the model grain nor the catalog
/// grain is on the path.
/// </summary>
[Alias("serving")]
public interface IServingGrain : IGrainWithIntegerKey
{
    const long Key = 0;

    /// <summary>The items most similar to <paramref name="itemId"/>; null when the catalog has no such item.</summary>
    [Alias("similar")]
    Task<SimilarItems?> Similar(string itemId, int count);

    /// <summary>The catalog's categories, in ordinal order.</summary>
    [Alias("categories")]
    Task<ImmutableArray<string>> Categories();

    /// <summary>The popular lists of this silo's copies, what a degraded read answers.</summary>
    [Alias("popular")]
    Task<PopularLists> Popular();
}

[GenerateSerializer, Immutable, Alias("similar-items")]
public sealed record SimilarItems(
    [property: Id(0)] ImmutableArray<RecommendedItem> Items,
    [property: Id(1)] string ModelVersion);
