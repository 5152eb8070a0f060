using System.Collections.Immutable;

namespace OrleansPersonalization.Domain.Model;

/// <summary>
/// What a silo fetches to catch up with the published model. When it already holds the published
/// dense model's lineage, <see cref="Snapshot"/> comes without it and <see cref="Changes"/> lists the
/// steps since the silo's copy (contributors who left, items that left or entered the head), which
/// the silo applies itself. When the model grain knows the silo's version, the neighbour lists and
/// counts come as a <see cref="Delta"/> too (the snapshot then carries neither). Otherwise the
/// snapshot is whole.
/// </summary>
[GenerateSerializer, Immutable, Alias("model-update")]
public sealed record ModelUpdate(
    [property: Id(0)] ModelSnapshot Snapshot,
    [property: Id(1)] bool DenseByChanges,
    [property: Id(2)] ImmutableArray<DenseChange> Changes)
{
    /// <summary>The lists and counts that changed since the silo's copy; null: the snapshot carries them whole.</summary>
    [Id(3)]
    public ModelDelta? Delta { get; init; }

    /// <summary>Whether the update continues the silo's copy (false: it replaces it).</summary>
    public bool ContinuesServed => DenseByChanges || Delta is not null;

    /// <summary>The snapshot this update brings a silo from what it serves.</summary>
    public ModelSnapshot ApplyTo(ModelSnapshot served)
    {
        ArgumentNullException.ThrowIfNull(served);
        var snapshot = Delta is { } delta ? delta.ApplyTo(served, Snapshot) : Snapshot;
        if (!DenseByChanges)
        {
            return snapshot;
        }

        var dense = served.Dense ?? throw new InvalidOperationException("A removal update needs the dense model it continues.");
        foreach (var change in Changes)
        {
            dense = dense.Apply(change);
        }

        return snapshot with { Dense = dense };
    }
}
