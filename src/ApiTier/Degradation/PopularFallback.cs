using System.Collections.Immutable;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Api.Degradation;

/// <summary>
/// The latest popular lists a silo gave this API process, kept in memory so a degraded read is
/// answered without any grain call: the silo that would answer may be the one that just died.
/// </summary>
public sealed class PopularFallback
{
    private volatile PopularLists? _latest;

    /// <summary>Lists have been received at least once.</summary>
    public bool Ready => _latest is not null;

    public void Replace(PopularLists lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        _latest = lists;
    }

    /// <summary>
    /// The popular answer for <paramref name="count"/> items, in <paramref name="category"/> when one
    /// is given (nothing for a category the lists do not know: it cannot be checked now); null while
    /// no lists have arrived.
    /// </summary>
    public RecommendationList? Answer(int count, string? category)
    {
        if (_latest is not { } lists)
        {
            return null;
        }

        var items = category is null ? lists.Overall : lists.ByCategory.GetValueOrDefault(category, []);
        return new RecommendationList([.. items.Take(count)], false, lists.ModelVersion);
    }
}
