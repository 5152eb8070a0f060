using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>Exactly what one user contributes now; an empty set takes the user out.</summary>
[GenerateSerializer, Immutable, Alias("contribution-change")]
public sealed record ContributionChange(
    [property: Id(0)] string UserKey,
    [property: Id(1)] ImmutableSortedSet<string> Items)
{
    public bool Leaves => Items.IsEmpty;
}
