using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// The exact change one user's contribution makes to the shared model. Users contribute the set
/// of distinct items in their retained behaviour, so a delta can always be undone precisely.
/// </summary>
[GenerateSerializer, Immutable, Alias("contribution-delta")]
public sealed record ContributionDelta(
    [property: Id(0)] ImmutableArray<string> Added,
    [property: Id(1)] ImmutableArray<string> Removed,
    [property: Id(2)] int ContributorChange)
{
    public bool IsEmpty => Added.IsDefaultOrEmpty && Removed.IsDefaultOrEmpty && ContributorChange == 0;

    public static ContributionDelta Between(ImmutableSortedSet<string> previous, ImmutableSortedSet<string> next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var contributorChange = (previous.IsEmpty, next.IsEmpty) switch
        {
            (true, false) => 1,
            (false, true) => -1,
            _ => 0,
        };
        return new([.. next.Except(previous)], [.. previous.Except(next)], contributorChange);
    }
}
