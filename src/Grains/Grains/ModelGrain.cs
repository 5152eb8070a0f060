using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Audit;
using OrleansPersonalization.Domain.Behaviour;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Domain.Ranking;
using OrleansPersonalization.Logging;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Grains;

/// <summary>
/// Owns the shared model's sufficient statistics. Users set their contribution idempotently, so a
/// replayed or late call can never double-count; the statistics are rebuilt from the stored user
/// states on activation, which makes the stored states the only source of truth. A timer publishes
/// a new immutable snapshot when something changed, which every silo's cache pulls. The same timer
/// trains the ranking stage now and then on a thread-pool thread (never inside a turn) from the
/// contributions the statistics hold, and adopts the result in a later turn.
/// </summary>
[GrainType("model")]
public sealed class ModelGrain(
    UserDirectory users,
    IAuditTrail audit,
    IOptions<ModelOptions> options,
    IOptions<RankerOptions> rankerOptions,
    IGrainFactory grains,
    [FromKeyedServices(Clocks.Domain)] TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    /// <summary>How long a snapshot request waits for the first load; below the cluster's response timeout.</summary>
    private static readonly TimeSpan InitialLoadWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LoadRetryInterval = TimeSpan.FromSeconds(10);

    /// <summary>Build times between two timed publishes: a build is at most a ninth of the grain's time.</summary>
    private const int TimedPublishGap = 8;

    /// <summary>The longest a silo's wait for a new version is held: well below the cluster's response timeout.</summary>
    private static readonly TimeSpan MaxUpdateWait = TimeSpan.FromSeconds(5);

    private readonly ChangeSignal _publishedSignal = new();

    private CooccurrenceStatistics _statistics = new();
    private Task? _rebuild;
    private Dictionary<string, ImmutableSortedSet<string>>? _arrivedDuringRebuild;
    private bool _loaded;
    private readonly string _epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
    private long _changes;
    private ModelSnapshot _published = ModelSnapshot.Empty;
    private ModelSnapshot? _current;
    private TimeSpan _lastBuild;
    private DateTime _nextTimedPublish;
    private readonly LearnedRanking _ranking = new();
    private Task<RankerOutcome?>? _training;
    private DateTime _nextTraining;
    private DateTime _lastTrainingEnded;
    private DateTime _nextLoadAttempt;

    // The dense item model, kept apart from the statistics: an erasure downdates it at once (O(n²·m));
    // any other change marks it stale, and the timer re-solves it from scratch off the grain's turn.
    private DenseItemModel? _dense;
    private Dictionary<string, string[]> _denseMembers = new(StringComparer.Ordinal);
    private bool _denseStale = true;
    private Task<(DenseItemModel Model, Dictionary<string, string[]> Members)>? _solving;
    private List<string>? _removedDuringSolve;
    private DateTime _nextSolve;

    // Every downdate applied to the dense model since its solve, in order: what silos replay.
    private readonly List<DenseChange> _denseLog = [];

    // Which items' lists and counts changed in which published version: what silos receive instead of the snapshot.
    private readonly ModelChangeLog _changeLog = new();
    private string? _denseLogLineage;
    private long _solveStarted;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The first load runs in the background: the activation answers at once, keeps taking
        // contributions, and publishes nothing until the statistics are complete.
        _ = RebuildAsync();
        var interval = TimeSpan.FromMilliseconds(options.Value.SnapshotIntervalMilliseconds);
        this.RegisterGrainTimer(_ => OnTimerAsync(), new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task SetContributions(ImmutableArray<ContributionChange> changes)
    {
        // Leavers first: they are taken out of the dense model exactly while it still holds exactly
        // the statistics; any other change makes it stale. All of the call's leavers leave the
        // statistics, then the dense model in one downdate: one copy of the inverse and one pass
        // over it for the whole call, not one per leaver.
        var leavers = new List<string>();
        foreach (var (userKey, items) in changes.Where(c => c.Items.IsEmpty))
        {
            SetContribution(userKey, items);
            leavers.Add(userKey);
        }

        var left = leavers.Count > 0;
        if (left)
        {
            await RemoveFromDenseModelAsync(leavers);
        }

        foreach (var (userKey, items) in changes.Where(c => !c.Items.IsEmpty))
        {
            SetContribution(userKey, items);
        }

        // P5: a contributor who left is out of what the silos serve as soon as they hear of it.
        if (left && _loaded && _current is null)
        {
            Publish();
        }
    }

    private void SetContribution(string userKey, ImmutableSortedSet<string> items)
    {
        // A rebuild reads the store while this goes on: it replays what arrived meanwhile, newest per user.
        _arrivedDuringRebuild?.Remove(userKey);
        _arrivedDuringRebuild?.Add(userKey, items);
        var changed = _statistics.SetContribution(userKey, items);
        if (changed)
        {
            _changes++;
            _current = null;
        }

        // A contributor who left takes the learned weights with them until a retraining without them.
        if (items.IsEmpty && _ranking.Forget(userKey))
        {
            _changes++;
            _current = null;
            logger.RankerDropped();
        }

        if (!items.IsEmpty && changed)
        {
            _denseStale = true;
        }
    }

    /// <summary>
    /// Takes leaving contributors out of the dense model by one Woodbury downdate and publishes at once,
    /// so the silos serve the from-scratch model at their next look (P5). A solve in flight learned
    /// from them too: they are taken out of its result when it is adopted.
    /// </summary>
    private async Task RemoveFromDenseModelAsync(List<string> userKeys)
    {
        _removedDuringSolve?.AddRange(userKeys);
        if (_dense is not { } dense)
        {
            return;
        }

        List<IEnumerable<string>> held = [];
        foreach (var userKey in userKeys)
        {
            if (_denseMembers.Remove(userKey, out var items))
            {
                held.Add(items);
            }
        }

        if (held.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();

        // When the model holds exactly the statistics' contributions (nothing stale, no solve in
        // flight: a solve clears the flag before its result replaces the model), the step also moves
        // items up into a capped head, so the result is the from-scratch model; otherwise a re-solve
        // is due anyway and the model's own counts decide who leaves.
        var exact = !_denseStale && _solving is null;
        try
        {
            var change = exact ? dense.ChangeFor(held, _statistics, options.Value.MinimumSupport) : dense.ChangeWithout(held);
            _dense = await Task.Run(() => dense.Apply(change));
            _denseLog.Add(change);
            logger.DenseModelDowndated(held.Count, held.Sum(h => h.Count()), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (ArgumentException exception)
        {
            // A downdate that cannot be done (float trouble) must never leave the leaver served:
            // the dense model goes until the next solve, and the cosine neighbours serve meanwhile.
            logger.DenseModelSolveFailed(exception);
            (_dense, _denseStale) = (null, true);
            _denseMembers.Clear();
            _denseLog.Clear();
        }

        _changes++;
        _current = null;
    }

    /// <summary>Starts a from-scratch solve of the dense model when it is stale, and adopts a finished one.</summary>
    private void SolveDenseModelWhenDue()
    {
        if (_solving is { IsCompleted: true } finished)
        {
            _solving = null;

            // A solve is O(n³): after one, the next waits nine times as long, so solving takes at most
            // a tenth of the time however fast contributions change (erasures never wait: they downdate).
            var took = Stopwatch.GetElapsedTime(_solveStarted);
            _nextSolve = DateTime.UtcNow + TimeSpan.FromTicks(Math.Max(9 * took.Ticks, TimeSpan.FromMilliseconds(options.Value.DenseSolveIntervalMilliseconds).Ticks));
            if (finished.IsCompletedSuccessfully)
            {
                var modelOptionsAtAdoption = options.Value;
                var (model, members) = finished.Result;
                _denseLog.Clear();
                _denseLogLineage = model.Lineage;
                foreach (var userKey in _removedDuringSolve!)
                {
                    if (members.Remove(userKey, out var held))
                    {
                        var change = model.ChangeWithout(held);
                        model = model.Apply(change);
                        _denseLog.Add(change);
                    }
                }

                // Leavers whose items sat at a capped head's edge: the next solve moves items up.
                if (_removedDuringSolve.Count > 0 && !model.ActiveItems().SequenceEqual(DenseItemModel.HeadOf(_statistics, modelOptionsAtAdoption.DenseSettings(), modelOptionsAtAdoption.MinimumSupport)))
                {
                    _denseStale = true;
                }

                (_dense, _denseMembers) = (model, members);
                _changes++;
                _current = null;
                Publish();
            }
            else
            {
                _denseStale = true;
                logger.DenseModelSolveFailed(finished.Exception);
            }

            _removedDuringSolve = null;
        }

        var modelOptions = options.Value;
        if (!_loaded || _solving is not null || !_denseStale || modelOptions.DenseItems <= 0 || DateTime.UtcNow < _nextSolve)
        {
            return;
        }

        _solveStarted = Stopwatch.GetTimestamp();

        // In the turn only a frozen copy of the contributions (milliseconds); the Gram matrices, the
        // members and the O(n³) solve run on the thread pool, so erasures keep being acknowledged.
        var contributions = _statistics.Snapshot();
        var (settings, minimumSupport) = (modelOptions.DenseSettings(), modelOptions.MinimumSupport);
        _removedDuringSolve = [];
        _denseStale = false;
        // On a thread of its own and one core: requests keep the other core and every pool worker.
        _solving = Task.Factory.StartNew(
            () => (DenseItemModel.Fit(contributions, settings, minimumSupport, parallel: false), contributions.ContributionsById()),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The current model, published at once so the silos' caches pick it up at their next look.</summary>
    public async Task<ModelSnapshot> GetSnapshot()
    {
        if (!_loaded && _rebuild is { } loading)
        {
            await Task.WhenAny(loading, Task.Delay(InitialLoadWait));
        }

        if (_loaded)
        {
            Publish();
        }

        return _published;
    }

    public async Task<ModelStatus> GetStatus(long catalogVersion) => (await GetSnapshot()).Status(catalogVersion);

    public async Task<ModelUpdate?> WaitForUpdate(string knownVersion, string? denseLineage, int denseDowndates, TimeSpan maxWait)
    {
        if (_published.Version == knownVersion)
        {
            await _publishedSignal.WaitAsync(maxWait < MaxUpdateWait ? maxWait : MaxUpdateWait, lifetime.ApplicationStopping);
        }

        return await GetUpdate(knownVersion, denseLineage, denseDowndates);
    }

    public Task<ModelUpdate?> GetUpdate(string knownVersion, string? denseLineage, int denseDowndates)
    {
        if (_published.Version == knownVersion)
        {
            return Task.FromResult<ModelUpdate?>(null);
        }

        // A delta larger than half the lists costs the silo more to apply than the whole snapshot to read.
        var delta = _changeLog.DeltaFor(knownVersion, _published);
        if (delta is not null && delta.Entries > (_published.Neighbours.Count + _published.ItemCounts.Count) / 2)
        {
            delta = null;
        }

        var header = delta is null ? _published : _published with
        {
            Neighbours = ImmutableDictionary<string, ImmutableArray<Neighbour>>.Empty,
            ItemCounts = ImmutableSortedDictionary<string, long>.Empty,
        };
        if (_published.Dense is { } dense && dense.Lineage == denseLineage && dense.Lineage == _denseLogLineage
            && denseDowndates <= dense.Downdates && dense.Downdates <= _denseLog.Count)
        {
            ImmutableArray<DenseChange> changes = [.. _denseLog.Skip(denseDowndates).Take(dense.Downdates - denseDowndates)];
            return Task.FromResult<ModelUpdate?>(new ModelUpdate(header with { Dense = null }, true, changes) { Delta = delta });
        }

        return Task.FromResult<ModelUpdate?>(new ModelUpdate(header, false, []) { Delta = delta });
    }

    public async Task<ModelSnapshot> Rebuild(string actorRole)
    {
        await RebuildAsync();
        await audit.AppendAsync(AuditKinds.ModelRebuild, actorRole, null, $"version={_published.Version} contributors={_published.Contributors}");
        logger.ModelRebuilt(_published.Contributors, _published.Version);
        return _published;
    }

    /// <summary>One rebuild at a time; callers arriving meanwhile wait for the running one.</summary>
    private Task RebuildAsync()
    {
        if (_rebuild is not null)
        {
            return _rebuild;
        }

        var rebuild = RunRebuildAsync();
        if (!rebuild.IsCompleted)
        {
            _rebuild = rebuild;
        }

        return rebuild;
    }

    private async Task RunRebuildAsync()
    {
        _arrivedDuringRebuild = new(StringComparer.Ordinal);
        try
        {
            // Reading every user row takes seconds at scale: off the grain's turn, on the thread pool.
            var fresh = await Task.Run(() => LoadFromStoreAsync(CancellationToken.None));

            // Back in a turn: what arrived while reading is at least as new as what was read.
            foreach (var (userKey, items) in _arrivedDuringRebuild)
            {
                fresh.SetContribution(userKey, items);
            }

            _statistics = fresh;
            _loaded = true;
            _denseStale = true;
            _changes++;
            _current = null;
            _nextTraining = DateTime.UtcNow + TimeSpan.FromSeconds(rankerOptions.Value.InitialDelaySeconds);
            Publish();
        }
        catch (Exception exception)
        {
            // The timer tries again while nothing was loaded; a failed admin rebuild keeps the current statistics.
            logger.ModelLoadFailed(exception);
            throw;
        }
        finally
        {
            _arrivedDuringRebuild = null;
            _rebuild = null;
        }
    }

    private async Task<CooccurrenceStatistics> LoadFromStoreAsync(CancellationToken cancellationToken)
    {
        var statistics = new CooccurrenceStatistics();
        await foreach (var (userKey, items) in users.ContributionsAsync(cancellationToken))
        {
            statistics.SetContribution(userKey, items);
        }

        return statistics;
    }

    private ModelSnapshot Current() =>
        _current ??= ModelSnapshot.From(_statistics, options.Value, $"{_epoch}.{_changes}", clock.GetUtcNow(), _dense)
            with { Ranking = _ranking.Weights, RankerReport = _ranking.LastReport, DenseCurrent = options.Value.DenseItems <= 0 || (_dense is not null && !_denseStale && _solving is null) };

    private async Task OnTimerAsync()
    {
        // A failed first load is tried again, but not on every tick: it reads the whole store.
        if (!_loaded && _rebuild is null && DateTime.UtcNow >= _nextLoadAttempt)
        {
            _nextLoadAttempt = DateTime.UtcNow + LoadRetryInterval;
            _ = RebuildAsync();
        }

        await TrainRankerWhenDueAsync();
        SolveDenseModelWhenDue();
        PublishOnTimer();
    }

    private TimeSpan RetrainGap() => TimeSpan.FromSeconds(Math.Min(30, rankerOptions.Value.TrainingIntervalSeconds));

    private async Task TrainRankerWhenDueAsync()
    {
        if (_training is { IsCompleted: true } finished)
        {
            _training = null;
            _lastTrainingEnded = DateTime.UtcNow;
            _nextTraining = DateTime.UtcNow + TimeSpan.FromSeconds(rankerOptions.Value.TrainingIntervalSeconds);
            if (finished.IsCompletedSuccessfully)
            {
                var outcome = finished.Result;
                _ranking.Adopt(outcome);
                if (outcome is not null)
                {
                    _changes++;
                    _current = null;
                    logger.RankerTrained(outcome.Report.TrainingUsers, outcome.Report.HandSetRecallAt20, outcome.Report.LearnedRecallAt20, outcome.Report.Adopted);
                }
            }
            else
            {
                _ranking.TrainingFailed();
                logger.RankerTrainingFailed(finished.Exception);
            }
        }

        // A retraining made due by a leaving user still keeps a gap after the last one, so a run of
        // erasures (or a training that keeps failing) cannot keep a core busy back to back.
        var now = clock.GetUtcNow();
        var due = DateTime.UtcNow >= _nextTraining
            || (_ranking.RetrainDue && DateTime.UtcNow >= _lastTrainingEnded + RetrainGap());
        if (!_loaded || !rankerOptions.Value.Enabled || _training is not null || !due || _statistics.Contributors < rankerOptions.Value.MinTrainingUsers)
        {
            return;
        }

        // Keys are HMAC outputs, so the first ones in key order are a random sample; picking them (a
        // sort of every key) runs off the turn over a frozen copy, like the training itself.
        var contributions = _statistics.Snapshot();
        var catalog = await grains.GetGrain<ICatalogGrain>(ICatalogGrain.Key).GetSnapshot();
        var modelOptions = options.Value;
        var ranker = rankerOptions.Value;
        _ranking.TrainingStarted();
        _training = Task.Run(() => RankerTrainer.Train(
            [.. contributions.FirstContributions(ranker.MaxContextUsers).Select(c => new TrainingUser(c.Contributor, [.. c.Items.Select(item => new BehaviourEvent(item, EventType.View, now, null))]))],
            catalog, modelOptions, ranker, now));
    }

    /// <summary>
    /// Publishes the current model. A large model takes a while to turn into a snapshot, so the timer
    /// publishes at most every <see cref="TimedPublishGap"/> build times: the grain keeps most of its
    /// time for contributions. Only additions wait for it (they have no deadline); a leaver is
    /// published at once (P5).
    /// </summary>
    private void Publish()
    {
        var started = Stopwatch.GetTimestamp();
        var fresh = _current is null;
        var previous = _published;
        _published = Current();
        if (!ReferenceEquals(previous, _published))
        {
            _changeLog.Record(_published.Version, ModelDelta.ChangedItems(previous, _published));

            // Wakes the silos waiting in WaitForUpdate: they fetch at once instead of at their next look.
            _publishedSignal.Fire();
        }

        if (fresh)
        {
            _lastBuild = Stopwatch.GetElapsedTime(started);
            _nextTimedPublish = DateTime.UtcNow + (TimedPublishGap * _lastBuild);
        }
    }

    private void PublishOnTimer()
    {
        if (_loaded && DateTime.UtcNow >= _nextTimedPublish)
        {
            Publish();
        }
    }
}
