using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>
/// EASE (Steck 2019) over every training item, uncapped and unthresholded: the dense item model with
/// no dropout and no head limit, λ chosen on a validation split.
/// </summary>
public sealed class EaseReference : IOfflineRecommender
{
    private readonly TrainingItems _items;
    private readonly DenseItemModel _model;
    private readonly int[] _toTraining;

    public EaseReference(TrainingItems items, double lambda)
    {
        ArgumentNullException.ThrowIfNull(items);
        _items = items;
        Lambda = lambda;
        _model = DenseItemModel.Fit(items.Statistics, new DenseItemSettings(int.MaxValue, lambda, 1, 0), minimumSupport: 1);
        _toTraining = [.. _model.Items.Select(id => items.Positions[id])];
    }

    public double Lambda { get; }

    public string Name => "ease";

    public IReadOnlyList<string> Recommend(string user, IReadOnlyList<Interaction> history, int count)
    {
        var held = _items.PositionsOf(history);
        var positions = _model.Positions();
        int[] dense = [.. held.Select(p => positions[_items.Ids[p]])];
        var scores = new double[_model.Size];
        _model.Score(dense, scores);
        var heldDense = dense.ToHashSet();
        return [.. TopItems.Of(scores, heldDense, count).Select(d => _items.Ids[_toTraining[d]])];
    }
}
