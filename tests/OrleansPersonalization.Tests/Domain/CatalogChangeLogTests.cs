using System.Collections.Immutable;
using OrleansPersonalization.Domain.Catalog;

namespace OrleansPersonalization.Tests.Domain;

public sealed class CatalogChangeLogTests
{
    private static readonly ImmutableSortedDictionary<string, CatalogItem> NoItems = ImmutableSortedDictionary<string, CatalogItem>.Empty.WithComparers(StringComparer.Ordinal);

    [Fact]
    public void A_copy_that_applies_every_delta_equals_the_catalog()
    {
        var log = new CatalogChangeLog(0);
        var catalog = new CatalogSnapshot(0, NoItems);
        var copy = catalog;
        var versions = new List<CatalogSnapshot> { catalog };
        var random = new Random(3);
        for (var v = 1; v <= 40; v++)
        {
            var changed = Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"i{random.Next(12)}").Distinct().ToList();
            var items = catalog.Items;
            foreach (var id in changed)
            {
                items = random.Next(4) == 0 ? items.Remove(id) : items.SetItem(id, new CatalogItem(id, $"c{random.Next(3)}", [], random.Next(2) == 0));
            }

            catalog = new CatalogSnapshot(v, items);
            log.Record(v, changed);
            versions.Add(catalog);

            // From the previous version, and from any older one.
            copy = log.UpdateFor(copy.Version, catalog)!.ApplyTo(copy);
            Assert.Equal(catalog.Items, copy.Items);
            var old = versions[random.Next(versions.Count - 1)];
            var update = log.UpdateFor(old.Version, catalog)!;
            Assert.Null(update.Whole);
            Assert.Equal(catalog.Items, update.ApplyTo(old).Items);
        }

        Assert.Null(log.UpdateFor(catalog.Version, catalog));
    }

    [Fact]
    public void A_copy_older_than_the_log_or_from_elsewhere_gets_the_whole_catalog()
    {
        var log = new CatalogChangeLog(5, capacity: 2);
        var catalog = new CatalogSnapshot(8, NoItems.Add("a", new CatalogItem("a", "c", [], true)));
        Assert.NotNull(log.UpdateFor(4, catalog)!.Whole);
        Assert.NotNull(log.UpdateFor(-1, catalog)!.Whole);
        Assert.NotNull(log.UpdateFor(9, catalog)!.Whole);

        log.Record(6, ["a"]);
        log.Record(7, ["b"]);
        log.Record(8, ["a"]);
        Assert.NotNull(log.UpdateFor(5, catalog)!.Whole);
        var delta = log.UpdateFor(6, catalog)!;
        Assert.Null(delta.Whole);
        Assert.Equal("b", Assert.Single(delta.Removed));
        Assert.Equal("a", delta.Upserted.Single().ItemId);
    }
}
