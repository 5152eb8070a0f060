using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Catalog;

/// <summary>
/// What brings a silo's copy of the catalog to <see cref="Version"/>: the items upserted and the ids
/// removed since the silo's version, or, when the silo is too far behind (or new), the whole catalog.
/// </summary>
[GenerateSerializer, Immutable, Alias("catalog-update")]
public sealed record CatalogUpdate(
    [property: Id(0)] long Version,
    [property: Id(1)] CatalogSnapshot? Whole,
    [property: Id(2)] ImmutableArray<CatalogItem> Upserted,
    [property: Id(3)] ImmutableArray<string> Removed)
{
    public static CatalogUpdate Of(CatalogSnapshot whole)
    {
        ArgumentNullException.ThrowIfNull(whole);
        return new(whole.Version, whole, [], []);
    }

    /// <summary>The catalog this update makes of <paramref name="served"/>.</summary>
    public CatalogSnapshot ApplyTo(CatalogSnapshot served)
    {
        ArgumentNullException.ThrowIfNull(served);
        if (Whole is { } whole)
        {
            return whole;
        }

        var items = served.Items.SetItems(Upserted.Select(i => KeyValuePair.Create(i.ItemId, i))).RemoveRange(Removed);
        return new CatalogSnapshot(Version, items);
    }
}
