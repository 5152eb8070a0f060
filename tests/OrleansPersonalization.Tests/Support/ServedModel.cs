using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Domain.Model;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Tests.Support;

/// <summary>P5 at grain level: what every silo serves against a model built from scratch over the store.</summary>
public static class ServedModel
{
    /// <summary>P5's bound: after an erasure or withdrawal is acknowledged, every silo serves the rebuild within this.</summary>
    public static readonly TimeSpan UnlearningBound = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Waits (up to <paramref name="within"/>, 30 s by default: new contributions wait for the next
    /// timed publish and dense solve, which the whole suite running in parallel on two cores slows
    /// down) until each silo's served snapshot equals a model built from scratch over the stored
    /// contributions with the silos' own options (k included). Returns the from-scratch statistics, so a
    /// caller can check the raw counts behind what is served. (P5's one-second bound is measured apart,
    /// by <see cref="Watch"/>.)
    /// </summary>
    public static async Task<CooccurrenceStatistics> AssertEverySiloServesARebuild(ClusterFixture fixture, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            await BacklogDrained(fixture.SiloService<ContributionBacklog>(silo), deadline);
        }

        var (statistics, expected) = await Rebuild(fixture);
        for (var silo = 0; silo < fixture.Cluster.Silos.Count; silo++)
        {
            var cache = fixture.SiloService<ModelSnapshotCache>(silo);
            while (!ModelEquals(expected, cache.Current) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            ModelAssert.Equal(expected, cache.Current);
        }

        return statistics;
    }

    /// <summary>Starts recording, every few milliseconds, which snapshot each silo serves and since when.</summary>
    /// <summary>
    /// Makes the silo of a co-hosting API serve the model as it is now, instead of waiting for its
    /// copy's next look, with the dense model re-solved over every contribution made so far.
    /// </summary>
    public static async Task SettledOn(IServiceProvider services)
    {
        var model = services.GetRequiredService<IGrainFactory>().GetGrain<IModelGrain>(IModelGrain.Key);
        var cache = services.GetRequiredService<ModelSnapshotCache>();
        // The dense re-solve takes at most a tenth of the time, on one thread: on a loaded two-core
        // machine settling can take tens of seconds, and a test that went on unsettled would assert
        // against a stale model, so it waits long and fails loudly rather than go on.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);

        // Additions follow their acknowledged events in the background: the model has them once the backlog is empty.
        await BacklogDrained(services.GetRequiredService<ContributionBacklog>(), deadline);
        do
        {
            var published = await model.GetSnapshot();
            await cache.RefreshAsync();
            if (published.DenseCurrent || published.Dense is null && published.Contributors == 0)
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException("The model did not settle (dense model current and served) within 90 s.");
    }

    public static Watch WatchSilos(ClusterFixture fixture) => new(fixture);

    /// <summary>Waits until the silo's user grains have no contribution the model has not acknowledged.</summary>
    public static async Task BacklogDrained(ContributionBacklog backlog, DateTime deadline)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        while (backlog.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    public static async Task<(CooccurrenceStatistics Statistics, ModelSnapshot Expected)> Rebuild(ClusterFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var statistics = new CooccurrenceStatistics();
        await foreach (var (userKey, items) in fixture.SiloService<UserDirectory>().ContributionsAsync())
        {
            statistics.SetContribution(userKey, items);
        }

        // A from-scratch dense solve takes seconds at thousands of items: off the test's thread.
        var options = fixture.SiloService<IOptions<ModelOptions>>().Value;
        var expected = await Task.Run(() => ModelSnapshot.From(statistics, options, "rebuild", default));
        return (statistics, expected);
    }

    private static bool ModelEquals(ModelSnapshot expected, ModelSnapshot actual)
    {
        try
        {
            ModelAssert.Equal(expected, actual);
            return true;
        }
        catch (Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    /// <summary>
    /// Which snapshot each silo served from when: so a test can build the from-scratch model after the
    /// fact (which takes its own time) and still tell when the silos first served it.
    /// </summary>
    public sealed class Watch : IAsyncDisposable
    {
        private readonly ClusterFixture _fixture;
        private readonly List<(TimeSpan At, ModelSnapshot Snapshot)>[] _served;
        private readonly CancellationTokenSource _stop = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Task _loop;

        internal Watch(ClusterFixture fixture)
        {
            _fixture = fixture;
            _served = [.. Enumerable.Range(0, fixture.Cluster.Silos.Count).Select(_ => new List<(TimeSpan, ModelSnapshot)>())];
            Record();
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    Record();
                    await Task.Delay(5);
                }
            });
        }

        /// <summary>How long after the acknowledgement the slowest silo began serving the rebuild (after an assertion).</summary>
        public TimeSpan LastLatency { get; private set; }

        /// <summary>Now, on the watch's clock: take it right after an erasure is acknowledged.</summary>
        public TimeSpan Now => _clock.Elapsed;

        /// <summary>
        /// Asserts that every silo serves the from-scratch rebuild now, and began serving it at most
        /// <paramref name="bound"/> after <paramref name="acknowledged"/>. Returns the rebuild's statistics.
        /// </summary>
        public async Task<CooccurrenceStatistics> AssertEverySiloServedARebuildWithin(TimeSpan acknowledged, TimeSpan bound)
        {
            // Wait the bound out first: the rebuild must be what every silo serves at its end.
            var remaining = acknowledged + bound - _clock.Elapsed;
            if (remaining > TimeSpan.Zero)
            {
                await Task.Delay(remaining);
            }

            var (statistics, expected) = await Rebuild(_fixture);
            await _stop.CancelAsync();
            await _loop;
            LastLatency = TimeSpan.Zero;
            for (var silo = 0; silo < _served.Length; silo++)
            {
                var history = _served[silo];
                var first = history.FindLastIndex(h => !ModelEquals(expected, h.Snapshot)) + 1;
                Assert.True(first < history.Count, $"silo {silo} never served the rebuild");
                var since = history[first].At - acknowledged;
                LastLatency = since > LastLatency ? since : LastLatency;
                var timeline = string.Join(", ", history.Select(h => $"{(h.At - acknowledged).TotalMilliseconds:0} ms {(ModelEquals(expected, h.Snapshot) ? "rebuild" : "other")} v{h.Snapshot.Version}/{h.Snapshot.Dense?.Downdates}"));
                Assert.True(since <= bound, $"silo {silo} served the rebuild {since.TotalMilliseconds:0} ms after the acknowledgement (bound {bound.TotalMilliseconds:0} ms); served: {timeline}");
                ModelAssert.Equal(expected, _fixture.SiloService<ModelSnapshotCache>(silo).Current);
            }

            return statistics;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }

        private void Record()
        {
            for (var silo = 0; silo < _served.Length; silo++)
            {
                var current = _fixture.SiloService<ModelSnapshotCache>(silo).Current;
                var history = _served[silo];
                if (history.Count == 0 || !ReferenceEquals(history[^1].Snapshot, current))
                {
                    history.Add((_clock.Elapsed, current));
                }
            }
        }
    }
}
