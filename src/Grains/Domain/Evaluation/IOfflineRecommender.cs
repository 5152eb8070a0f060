using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>A recommender as the offline evaluation sees it: fitted on a split's training part, asked for one user at a time.</summary>
public interface IOfflineRecommender
{
    string Name { get; }

    /// <summary>The best <paramref name="count"/> items for a user with this history, best first; never one of the history's items.</summary>
    IReadOnlyList<string> Recommend(string user, IReadOnlyList<Interaction> history, int count);
}
