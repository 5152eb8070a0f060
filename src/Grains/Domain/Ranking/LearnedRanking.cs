using OrleansPersonalization.Domain.Recommendations;

namespace OrleansPersonalization.Domain.Ranking;

/// <summary>
/// The learned weights being served and whose data they came from. The weights are a function of
/// those users' behaviour, so when one of them erases or withdraws from model training the weights
/// are dropped at once (the hand-set blend serves) and a retraining over the remaining users is due.
/// A training that was running when such a user left is discarded for the same reason.
/// Not thread-safe: one grain owns it.
/// </summary>
public sealed class LearnedRanking
{
    private HashSet<string> _learnedFrom = new(StringComparer.Ordinal);
    private readonly HashSet<string> _leftDuringTraining = new(StringComparer.Ordinal);
    private bool _training;

    /// <summary>The weights to serve; null serves the hand-set blend.</summary>
    public RankingWeights? Weights { get; private set; }

    public RankerReport? LastReport { get; private set; }

    /// <summary>True when the served weights no longer match the contributors and a training should start soon.</summary>
    public bool RetrainDue { get; private set; }

    public int LearnedFromCount => _learnedFrom.Count;

    /// <summary>A contributor left the model (erasure, withdrawal). Returns true when the served weights changed.</summary>
    public bool Forget(string contributor)
    {
        if (_training)
        {
            _leftDuringTraining.Add(contributor);
        }

        if (!_learnedFrom.Remove(contributor))
        {
            return false;
        }

        var changed = Weights is not null;
        Weights = null;
        _learnedFrom.Clear();
        RetrainDue = true;
        return changed;
    }

    public void TrainingStarted()
    {
        _training = true;
        _leftDuringTraining.Clear();
        RetrainDue = false;
    }

    /// <summary>Takes a finished training's result unless a user it learned from left meanwhile. Returns true when the served weights changed.</summary>
    public bool Adopt(RankerOutcome? outcome)
    {
        _training = false;
        if (outcome is null)
        {
            return false;
        }

        if (outcome.LearnedFrom.Overlaps(_leftDuringTraining))
        {
            _leftDuringTraining.Clear();
            RetrainDue = true;
            return false;
        }

        _leftDuringTraining.Clear();
        var before = Weights;
        Weights = outcome.Adopted;
        LastReport = outcome.Report;
        _learnedFrom = outcome.Adopted is null ? new(StringComparer.Ordinal) : new(outcome.LearnedFrom, StringComparer.Ordinal);
        return before != Weights;
    }

    /// <summary>A training failed: nothing changes, but the next one is due.</summary>
    public void TrainingFailed()
    {
        _training = false;
        _leftDuringTraining.Clear();
        RetrainDue = true;
    }
}
