using System.Collections.Immutable;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Catalog;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Profile;
using OrleansPersonalization.Domain.Recommendations;
using OrleansPersonalization.Domain.Synthetic;

namespace OrleansPersonalization.Domain.Evaluation;

/// <summary>
/// The served model, offline, built and asked exactly as the cluster would be by a client that posts
/// every training interaction as a <c>view</c> in time order and then asks for recommendations: each
/// user keeps only the most recent <see cref="MaxEvents"/> events (the behaviour bound), contributes
/// the model's contribution set of those, and is scored by <see cref="Recommender"/> from them.
/// Like such a client it asks for <see cref="Requested"/> items and drops the ones it already holds.
/// </summary>
public sealed class ServedRecommender : IOfflineRecommender
{
    /// <summary>What a client asks for before removing items the user already has.</summary>
    public const int Requested = 100;

    private readonly CatalogSnapshot _catalog;
    private readonly DateTimeOffset _now;
    private readonly bool _personalized;

    public ServedRecommender(
        string name, IReadOnlyDictionary<string, List<Interaction>> train, CatalogSnapshot catalog, ModelOptions options, int maxEvents, DateTimeOffset now, bool personalized = true)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        Name = name;
        _catalog = catalog;
        _now = now;
        _personalized = personalized;
        MaxEvents = maxEvents;
        var statistics = new CooccurrenceStatistics();
        foreach (var (user, interactions) in train)
        {
            statistics.SetContribution(user, BehaviourLog.ContributionSet(EventsOf(interactions), options.MaxContributionItems));
        }

        Statistics = statistics;
        Model = ModelSnapshot.From(statistics, options, "evaluation", now);
    }

    public string Name { get; }

    public int MaxEvents { get; }

    public CooccurrenceStatistics Statistics { get; }

    public ModelSnapshot Model { get; init; }

    /// <summary>The events the cluster would keep for this history: the latest views, one second apart, ending now.</summary>
    public ImmutableArray<BehaviourEvent> EventsOf(IReadOnlyList<Interaction> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var kept = history.Skip(Math.Max(0, history.Count - MaxEvents)).ToList();
        return [.. kept.Select((i, n) => new BehaviourEvent(i.ItemId, EventType.View, _now.AddSeconds(n - kept.Count), null))];
    }

    public IReadOnlyList<string> Recommend(string user, IReadOnlyList<Interaction> history, int count)
    {
        ArgumentNullException.ThrowIfNull(history);
        var held = history.Select(i => i.ItemId).ToHashSet(StringComparer.Ordinal);
        var input = new RecommendationInput(_catalog, Model, EventsOf(history), UserProfile.Default, _personalized, Requested, null, _now);
        return [.. Recommender.Recommend(input).Select(r => r.ItemId).Where(id => !held.Contains(id)).Take(count)];
    }
}
