using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// Sufficient statistics of the shared model: for each item, how many contributing users
/// interacted with it. Integer counts make adding and removing a contribution exact.
/// </summary>
[GenerateSerializer, Immutable, Alias("popularity-model")]
public sealed record PopularityModel
{
    [Id(0)] public ImmutableSortedDictionary<string, long> ItemCounts { get; init; } =
        ImmutableSortedDictionary<string, long>.Empty;

    [Id(1)] public long Contributors { get; init; }
    [Id(2)] public long Version { get; init; }
    [Id(3)] public DateTimeOffset? BuiltAt { get; init; }

    public long Interactions => ItemCounts.Values.Sum();

    public static PopularityModel Empty { get; } = new();

    public PopularityModel Apply(ContributionDelta delta, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.IsEmpty)
        {
            return this;
        }

        var builder = ItemCounts.ToBuilder();
        foreach (var item in delta.Added)
        {
            builder[item] = builder.GetValueOrDefault(item) + 1;
        }

        foreach (var item in delta.Removed)
        {
            var count = builder.GetValueOrDefault(item) - 1;
            if (count > 0)
            {
                builder[item] = count;
            }
            else
            {
                builder.Remove(item);
            }
        }

        return this with
        {
            ItemCounts = builder.ToImmutable(),
            Contributors = Math.Max(0, Contributors + delta.ContributorChange),
            Version = Version + 1,
            BuiltAt = at,
        };
    }

    /// <summary>The model a from-scratch rebuild over these contributions produces.</summary>
    public static PopularityModel Build(IEnumerable<ImmutableSortedSet<string>> contributions, long version, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long contributors = 0;
        foreach (var items in contributions.Where(c => !c.IsEmpty))
        {
            contributors++;
            foreach (var item in items)
            {
                counts[item] = counts.GetValueOrDefault(item) + 1;
            }
        }

        return new PopularityModel
        {
            ItemCounts = counts.ToImmutableSortedDictionary(StringComparer.Ordinal),
            Contributors = contributors,
            Version = version,
            BuiltAt = at,
        };
    }
}
