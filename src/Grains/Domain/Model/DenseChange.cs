using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// One step of the dense model after a contributor (or several) leaves: their items downdated, the items that left
/// the head (fallen below the threshold, or out of the size cap), and the items that entered it in
/// their place (only when the cap binds: an item just below it moves up). Deterministic, so a silo
/// that applies the same steps to the same lineage holds the same doubles as the model grain.
/// </summary>
[GenerateSerializer, Immutable, Alias("dense-change")]
public sealed record DenseChange(
    [property: Id(0)] ImmutableArray<string> Removed,
    [property: Id(1)] ImmutableArray<string> Leaving,
    [property: Id(2)] ImmutableArray<HeadEntry> Entering)
{
    /// <summary>
    /// Further contributors leaving in the same step, each with the items they held: the leavers of
    /// one call to the model are taken out by one low-rank downdate (one copy of the inverse, one
    /// publish) instead of one each.
    /// </summary>
    [Id(3)]
    public ImmutableArray<ImmutableArray<string>> AlsoRemoved { get; init; } = [];

    /// <summary>Every leaver's items: <see cref="Removed"/> first, then <see cref="AlsoRemoved"/>.</summary>
    public IEnumerable<ImmutableArray<string>> Leavers() => AlsoRemoved.IsDefaultOrEmpty ? [Removed] : [Removed, .. AlsoRemoved];
}

/// <summary>
/// An item entering the head at <see cref="Slot"/>: its weighted Gram row and its integer counts over
/// the slots as they are when it enters (zero for free slots), and its own diagonal.
/// </summary>
[GenerateSerializer, Immutable, Alias("head-entry")]
public sealed record HeadEntry(
    [property: Id(0)] string Item,
    [property: Id(1)] int Slot,
    [property: Id(2)] double[] Weighted,
    [property: Id(3)] int[] Counts,
    [property: Id(4)] double WeightedDiagonal,
    [property: Id(5)] int Count);
