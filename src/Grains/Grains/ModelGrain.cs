using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Owns the shared model's sufficient statistics. Users set their contribution idempotently, so a
/// replayed or late call can never double-count; the statistics are rebuilt from the stored user
/// states on activation, which makes the stored states the only source of truth. A timer publishes
/// a new immutable snapshot when something changed, which every silo's cache pulls.
/// </summary>
[GrainType("model")]
public sealed class ModelGrain(
    IUserDirectory users,
    IAuditTrail audit,
    IOptions<ModelOptions> options,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private readonly CooccurrenceStatistics _statistics = new();
    private readonly string _epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    private long _changes;
    private ModelSnapshot _published = ModelSnapshot.Empty;
    private ModelSnapshot? _current;
    private TimeSpan _lastBuild;
    private DateTime _nextTimedPublish;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadFromStoreAsync(cancellationToken);
        Publish();
        var interval = TimeSpan.FromMilliseconds(options.Value.SnapshotIntervalMilliseconds);
        this.RegisterGrainTimer(_ => { PublishOnTimer(); return Task.CompletedTask; }, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    public Task SetContribution(string userKey, ImmutableSortedSet<string> items)
    {
        if (_statistics.SetContribution(userKey, items))
        {
            _changes++;
            _current = null;
        }

        return Task.CompletedTask;
    }

    /// <summary>The current model, published at once so the silos' caches pick it up at their next look.</summary>
    public Task<ModelSnapshot> GetSnapshot()
    {
        Publish();
        return Task.FromResult(_published);
    }

    public Task<ModelSnapshot?> GetPublishedSnapshotIfNewer(string knownVersion) =>
        Task.FromResult(_published.Version == knownVersion ? null : _published);

    public async Task<ModelSnapshot> Rebuild(string actorRole)
    {
        await LoadFromStoreAsync(CancellationToken.None);
        Publish();
        await audit.AppendAsync(AuditKinds.ModelRebuild, actorRole, null, $"version={_published.Version} contributors={_published.Contributors}");
        logger.ModelRebuilt(_published.Contributors, _published.Version);
        return _published;
    }

    private async Task LoadFromStoreAsync(CancellationToken cancellationToken)
    {
        _statistics.Clear();
        await foreach (var (userKey, items) in users.ContributionsAsync(cancellationToken))
        {
            _statistics.SetContribution(userKey, items);
        }

        _changes++;
        _current = null;
    }

    private ModelSnapshot Current() =>
        _current ??= ModelSnapshot.From(_statistics, options.Value, $"{_epoch}.{_changes}", clock.GetUtcNow());

    /// <summary>
    /// Publishes the current model. A large model takes a while to turn into a snapshot, so the timer
    /// publishes at most every four build times: the grain keeps most of its time for contributions.
    /// </summary>
    private void Publish()
    {
        var started = Stopwatch.GetTimestamp();
        var fresh = _current is null;
        _published = Current();
        if (fresh)
        {
            _lastBuild = Stopwatch.GetElapsedTime(started);
            _nextTimedPublish = DateTime.UtcNow + (4 * _lastBuild);
        }
    }

    private void PublishOnTimer()
    {
        if (DateTime.UtcNow >= _nextTimedPublish)
        {
            Publish();
        }
    }
}
