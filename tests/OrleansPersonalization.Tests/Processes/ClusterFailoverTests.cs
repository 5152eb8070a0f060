using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using OrleansPersonalization.Grains;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>
/// The cluster topology of docker-compose.yml with real processes: PostgreSQL, three silos and the
/// API as a separate tier, all on mutual TLS with a certificate the test makes. One silo is killed
/// with SIGKILL while several clients write.
/// </summary>
[Collection(AloneOnTheMachine.Name)]
public class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int Workers = 12;
    private const int UsersPerWorker = 8;
    private static readonly TimeSpan DriveBeforeKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan DriveAfterKill = TimeSpan.FromSeconds(25);

    [Fact]
    public async Task Killing_a_silo_loses_nothing_acknowledged_and_a_fourth_silo_takes_load()
    {
        using var store = new TestStore(StoreKind.Postgres);
        using var certificates = new TempDirectory();
        var cluster = ClusterTopology.Common(
            store.PostgresConnectionString!, "failover-" + Guid.NewGuid().ToString("N")[..8], TestCertificates.WritePfx(certificates.Path, "failover"), "failover");
        var silos = new List<ServiceProcess> { StartSilo(cluster, store), StartSilo(cluster, store), StartSilo(cluster, store) };
        try
        {
            await using var observer = await ClusterClientHandle.ConnectAsync(cluster);
            await observer.WaitForActiveSilosAsync(3, TimeSpan.FromSeconds(120));
            using var api = await ApiProcess.StartAsync(new Dictionary<string, string>(cluster)
            {
                ["Api__Hosting"] = "Client",
                ["Pseudonymization__Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            });
            using var app = api.Client(ApiFactory.AppKey);

            // Several concurrent clients, each owning its users, so "last acknowledged" is well defined.
            var ledger = new ConcurrentDictionary<string, Expected>();
            var timings = new ConcurrentBag<Timing>();
            using var stop = new CancellationTokenSource();
            var drivers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => Drive(app, w, ledger, timings, stop.Token))).ToList();

            await Task.Delay(DriveBeforeKill);
            var victim = silos[0];
            var killedAt = DateTime.UtcNow;
            victim.KillHard();
            await Task.Delay(DriveAfterKill);
            await stop.CancelAsync();
            await Task.WhenAll(drivers);

            var after = timings.Where(t => t.Start >= killedAt).OrderBy(t => t.Start).ToList();
            var disturbed = after.Where(t => !t.Ok || t.End - t.Start > TimeSpan.FromSeconds(1)).ToList();
            var recovery = disturbed.Count == 0 ? TimeSpan.Zero : disturbed.Max(t => t.End) - killedAt;
            var window = after.Where(t => t.Start < killedAt + TimeSpan.FromSeconds(15)).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"failover: {timings.Count} requests ({timings.Count / (DriveBeforeKill + DriveAfterKill).TotalSeconds:0}/s), {after.Count} after the kill, {after.Count(t => !t.Ok)} failed after API retries, " +
                $"{disturbed.Count} failed or slower than 1 s; all requests fast and successful again {recovery.TotalSeconds:0.0} s after kill -9"));
            foreach (var kind in new[] { "read", "write" })
            {
                var latencies = window.Where(t => t.Kind == kind).Select(t => (t.End - t.Start).TotalMilliseconds).Order().ToList();
                var degradedNote = kind == "read" ? $", {window.Count(t => t.Degraded)} answered degraded" : "";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {kind}s in the 15 s after the kill: {latencies.Count}, p50 {Percentile(latencies, 0.50):0} ms, p99 {Percentile(latencies, 0.99):0} ms, max {latencies.LastOrDefault():0} ms, {window.Count(t => t.Kind == kind && !t.Ok)} failed{degradedNote}"));
            }

            // Reads have a deadline: whatever the cluster is going through, none waits long or fails.
            var reads = window.Where(t => t.Kind == "read").ToList();
            Assert.NotEmpty(reads);
            Assert.All(reads, t => Assert.True(t.Ok && t.End - t.Start < TimeSpan.FromSeconds(2), $"A read took {(t.End - t.Start).TotalMilliseconds:0} ms (ok: {t.Ok})."));
            Assert.True(recovery < TimeSpan.FromSeconds(DriveAfterKill.TotalSeconds - 5), $"No recovery within the drive: {recovery}");

            // Writes are replayed by the API (idempotent) within a bounded budget: none is lost to the crash.
            var failedWrites = window.Where(t => t.Kind == "write" && !t.Ok).ToList();
            Assert.True(failedWrites.Count == 0, $"Writes failed after the API's replays: {string.Join(", ", failedWrites.Select(t => $"{t.Failure} after {(t.End - t.Start).TotalMilliseconds:0} ms"))}\nAPI output (tail):\n{Tail(api.Output)}");
            Assert.True(after.TakeLast(50).All(t => t.Ok), "Requests still fail at the end of the drive.");

            // The remaining silos own every grain: two silos are active, and every activation is on one of them.
            await observer.WaitForActiveSilosAsync(2, TimeSpan.FromSeconds(60));
            var survivors = (await observer.ActiveSilosAsync()).Keys.ToHashSet();
            await VerifyLedger(app, ledger);
            var activations = await observer.Management.GetDetailedGrainStatistics();
            Assert.NotEmpty(activations);
            Assert.All(activations, a => Assert.Contains(a.SiloAddress, survivors));

            // Scale out: a fourth silo joins and new users' grains are placed on it.
            var fourth = StartSilo(cluster, store);
            silos.Add(fourth);
            await observer.WaitForActiveSilosAsync(3, TimeSpan.FromSeconds(120));
            var newcomer = (await observer.ActiveSilosAsync()).Keys.Single(s => !survivors.Contains(s));
            var joined = Stopwatch.StartNew();
            int placed = 0, created = 0;
            while (placed == 0 && joined.Elapsed < TimeSpan.FromSeconds(60))
            {
                // The other silos learn about the newcomer's grain types through the cluster manifest, shortly after it joins.
                try
                {
                    await Task.WhenAll(Enumerable.Range(created, 40).Select(i => app.Grant($"scale-out-{i}").ExpectJson(HttpStatusCode.OK)));
                }
                catch (Xunit.Sdk.XunitException exception)
                {
                    // What the API tier logged is the only account of a 500 from a separate process.
                    throw new Xunit.Sdk.XunitException($"{exception.Message}\nAPI output (tail):\n{Tail(api.Output)}");
                }

                created += 40;
                placed = (await observer.Management.GetDetailedGrainStatistics())
                    .Count(a => a.GrainId.Type.ToString() == GrainTypes.User && a.SiloAddress.Equals(newcomer));
            }

            output.WriteLine($"scale-out: {placed} of {created} new user grains were activated on the new silo, {joined.Elapsed.TotalSeconds:0.0} s after it joined");
            Assert.True(placed > 0, "The new silo took no load.");
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private static string Tail(string output) => output.Length > 6000 ? output[^6000..] : output;

    private static ServiceProcess StartSilo(Dictionary<string, string> cluster, TestStore store) =>
        ServiceProcess.Start("OrleansPersonalization.Silo.dll", new Dictionary<string, string>(cluster)
        {
            ["Audit__Key"] = store.AuditKey,
            ["Protection__MasterKeys__0__Id"] = "test-1",
            ["Protection__MasterKeys__0__Key"] = store.MasterKey,
            ["Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
        });

    private static async Task Drive(
        HttpClient app, int worker, ConcurrentDictionary<string, Expected> ledger,
        ConcurrentBag<Timing> timings, CancellationToken stop)
    {
        var random = new Random(worker);
        var users = Enumerable.Range(0, UsersPerWorker).Select(u => $"failover-{worker}-{u}@example.com").ToList();
        var sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            var user = users[random.Next(users.Count)];
            var expected = ledger.GetOrAdd(user, _ => new Expected());
            var roll = random.Next(13);
            var started = DateTime.UtcNow;
            var ok = false;
            var degraded = false;
            var kind = roll >= 10 ? "read" : "write";
            string? failure = null;
            string? lastStatus = null;
            try
            {
                if (kind == "read")
                {
                    using var response = await app.GetAsync(Http.User(user) + "/recommendations?count=5", CancellationToken.None);
                    ok = response.StatusCode == HttpStatusCode.OK;
                    lastStatus = ok ? null : $"HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    degraded = ok && (await response.ReadJson())["reason"]?.GetValue<string>() == "degraded";
                }
                else if (roll < 5)
                {
                    var item = $"item-{worker}-{sequence++}";
                    using var response = await app.PostJson(Http.User(user) + "/events", new { itemId = item, type = "view" });
                    ok = response.StatusCode == HttpStatusCode.Accepted;
                    lastStatus = ok ? null : $"HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    if (ok && (await response.ReadJson())["recorded"]!.GetValue<bool>())
                    {
                        expected.Events.Add(item);
                    }
                }
                else if (roll < 8)
                {
                    bool personalization = random.Next(4) > 0, training = random.Next(2) == 0;
                    using var response = await app.Grant(user, personalization, training);
                    ok = response.StatusCode == HttpStatusCode.OK;
                    lastStatus = ok ? null : $"HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    if (ok)
                    {
                        if (expected.Personalization && !personalization)
                        {
                            expected.Events.Clear();
                        }

                        (expected.Personalization, expected.ModelTraining, expected.Erased, expected.Certain) = (personalization, training, false, true);
                    }
                }
                else
                {
                    using var response = await app.DeleteAsync(Http.User(user), CancellationToken.None);
                    ok = response.StatusCode == HttpStatusCode.OK;
                    lastStatus = ok ? null : $"HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                    if (ok)
                    {
                        expected.Events.Clear();
                        (expected.Personalization, expected.ModelTraining, expected.Erased, expected.Certain) = (false, false, true, true);
                    }
                }
            }
            catch (HttpRequestException exception)
            {
                failure = exception.GetType().Name;
            }
            catch (TaskCanceledException exception)
            {
                failure = exception.GetType().Name;
            }

            if (kind == "read")
            {
                timings.Add(new Timing(started, DateTime.UtcNow, ok, kind, degraded));
                continue;
            }

            if (!ok)
            {
                // Whether a failed write happened is unknown: this user is only checked again after a new acknowledgement.
                expected.Certain = false;
                expected.Events.Clear();
            }

            timings.Add(new Timing(started, DateTime.UtcNow, ok, "write", false, failure ?? lastStatus));
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private sealed record Timing(DateTime Start, DateTime End, bool Ok, string Kind, bool Degraded, string? Failure = null);

    private static async Task VerifyLedger(HttpClient app, ConcurrentDictionary<string, Expected> ledger)
    {
        var verified = 0;
        foreach (var (user, expected) in ledger.Where(l => l.Value.Certain))
        {
            var export = await app.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
            var consent = export["consent"]!["purposes"]!;
            Assert.Equal(expected.Personalization, consent["personalization"]!["granted"]!.GetValue<bool>());
            Assert.Equal(expected.ModelTraining, consent["modelTraining"]!["granted"]!.GetValue<bool>());
            var stored = export["events"]!.AsArray().Select(e => e!["itemId"]!.GetValue<string>()).ToHashSet();
            Assert.Subset(stored, expected.Events.ToHashSet());
            if (expected.Erased)
            {
                Assert.Empty(export["consent"]!["history"]!.AsArray());
                Assert.Empty(stored);
            }

            verified++;
        }

        Assert.True(verified >= Workers * UsersPerWorker / 2, $"Only {verified} users had a certain final state.");
    }

    private sealed class Expected
    {
        public bool Personalization { get; set; }
        public bool ModelTraining { get; set; }
        public bool Erased { get; set; }
        public bool Certain { get; set; } = true;
        public HashSet<string> Events { get; } = [];
    }
}
