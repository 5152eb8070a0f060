using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansPersonalization.Api.Degradation;
using OrleansPersonalization.Contracts;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;

namespace OrleansPersonalization.Tests.Api;

/// <summary>
/// A recommendation whose user grain does not answer within the read deadline gets the popular list,
/// marked <c>personalized: false, reason: degraded</c> and counted, instead of waiting for the grain.
/// The grain is held by a call filter, as a silo that died and is not yet declared dead holds it.
/// </summary>
public abstract class DegradedReadTests : IDisposable
{
    private const int DeadlineMilliseconds = 300;

    private readonly TestStore _store;
    private readonly RecommendationStall _stall = new();
    private readonly ApiFactory _factory;

    protected DegradedReadTests(StoreKind kind)
    {
        _store = new TestStore(kind);
        _factory = new ApiFactory(
            _store,
            settings: new Dictionary<string, string?>
            {
                ["Api:Reads:RecommendationDeadlineMilliseconds"] = DeadlineMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Api:Reads:PopularRefreshSeconds"] = "1",
            },
            services: services => services.AddSingleton<IIncomingGrainCallFilter>(_stall));
    }

    [Fact]
    public async Task A_recommendation_past_its_deadline_answers_the_popular_list_marked_degraded_and_counts_it()
    {
        using var app = _factory.App();
        using var admin = _factory.Admin();
        var category = "c" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 1; i <= 3; i++)
        {
            await admin.PutJson($"/v1/items/{category}-{i}", new { category, available = true }).ExpectJson(HttpStatusCode.OK);
        }

        // Item 3 is the most popular, then item 2.
        foreach (var (item, users) in new[] { (3, 3), (2, 2), (1, 1) })
        {
            for (var u = 0; u < users; u++)
            {
                var fan = $"fan-{Guid.NewGuid():N}@example.com";
                await app.Grant(fan, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK);
                await app.PostJson(Http.User(fan) + "/events", new { itemId = $"{category}-{item}", type = "view" }).ExpectJson(HttpStatusCode.Accepted);
            }
        }

        await ServedModel.SettledOn(_factory.Services);
        var user = $"user-{Guid.NewGuid():N}@example.com";
        await app.Grant(user).ExpectJson(HttpStatusCode.OK);
        await app.PostJson(Http.User(user) + "/events", new { itemId = $"{category}-1", type = "purchase" }).ExpectJson(HttpStatusCode.Accepted);
        var healthy = await app.GetAsync(Http.User(user) + $"/recommendations?category={category}").ExpectJson(HttpStatusCode.OK);
        Assert.True(healthy["personalized"]!.GetValue<bool>());
        Assert.Null(healthy["reason"]);

        // The API's copy of the popular lists holds the new category once it refreshed.
        var fallback = _factory.Services.GetRequiredService<PopularFallback>();
        await Eventually.Until(() => Task.FromResult(fallback.Answer(10, category)), a => a is { Items.Length: 3 });

        using var degraded = new DegradedCounter(_factory.Services.GetRequiredService<IMeterFactory>());
        _stall.Hold();
        try
        {
            var timer = Stopwatch.StartNew();
            var answer = await app.GetAsync(Http.User(user) + $"/recommendations?category={category}&count=2").ExpectJson(HttpStatusCode.OK);
            var took = timer.Elapsed;

            Assert.False(answer["personalized"]!.GetValue<bool>());
            Assert.Equal("degraded", answer["reason"]!.GetValue<string>());
            Assert.Equal([$"{category}-3", $"{category}-2"], answer["items"]!.AsArray().Select(i => i!["itemId"]!.GetValue<string>()));
            Assert.All(answer["items"]!.AsArray(), i => Assert.Equal("popular", i!["reasons"]![0]!["kind"]!.GetValue<string>()));
            Assert.InRange(took, TimeSpan.FromMilliseconds(DeadlineMilliseconds - 50), TimeSpan.FromSeconds(2));

            // A category the lists do not know cannot be checked now: nothing rather than the wrong items.
            var unknown = await app.GetAsync(Http.User(user) + "/recommendations?category=nowhere").ExpectJson(HttpStatusCode.OK);
            Assert.Empty(unknown["items"]!.AsArray());
            Assert.Equal("degraded", unknown["reason"]!.GetValue<string>());
            Assert.Equal(2, degraded.Count("deadline"));
        }
        finally
        {
            _stall.Release();
        }

        // Bad input is still refused first, and a healthy grain answers personally again.
        await app.GetAsync(Http.User(user) + "/recommendations?count=0").ExpectProblem(HttpStatusCode.BadRequest);
        var again = await app.GetAsync(Http.User(user) + $"/recommendations?category={category}").ExpectJson(HttpStatusCode.OK);
        Assert.True(again["personalized"]!.GetValue<bool>());
        Assert.Equal(2, degraded.Count("deadline"));
    }

    public void Dispose()
    {
        _stall.Release();
        _factory.Dispose();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Holds every <see cref="IUserGrain.Recommend"/> call while set, as an unreachable silo would.</summary>
    private sealed class RecommendationStall : IIncomingGrainCallFilter
    {
        private volatile TaskCompletionSource _released = Released();

        public void Hold() => _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public async Task Invoke(IIncomingGrainCallContext context)
        {
            if (context.InterfaceMethod?.Name == nameof(IUserGrain.Recommend))
            {
                await _released.Task;
            }

            await context.Invoke();
        }

        private static TaskCompletionSource Released()
        {
            var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            released.SetResult();
            return released;
        }
    }

    /// <summary>Listens to the degraded-read counter of this test's API (other tests' APIs run in the same process).</summary>
    private sealed class DegradedCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _byCause = [];

        public DegradedCounter(IMeterFactory scope)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, scope) && instrument.Meter.Name == DegradedReadMetrics.MeterName && instrument.Name == DegradedReadMetrics.DegradedCounterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    Assert.Equal("cause", tag.Key);
                    lock (_byCause)
                    {
                        _byCause[(string)tag.Value!] = _byCause.GetValueOrDefault((string)tag.Value!) + value;
                    }
                }
            });
            _listener.Start();
        }

        public long Count(string cause)
        {
            lock (_byCause)
            {
                return _byCause.GetValueOrDefault(cause);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

public sealed class DegradedReadTestsOnSqlite() : DegradedReadTests(StoreKind.Sqlite);

public sealed class DegradedReadTestsOnPostgres() : DegradedReadTests(StoreKind.Postgres);
