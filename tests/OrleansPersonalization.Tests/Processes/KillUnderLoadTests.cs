using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Tests.Support;
using Xunit.Abstractions;

namespace OrleansPersonalization.Tests.Processes;

/// <summary>
/// P7 at full speed: clients write single events and consent changes as fast as the API takes them,
/// the process is killed with SIGKILL in the middle, and after a restart every acknowledged write is
/// there. Group commit acknowledges a write only after the commit that holds it is on disk; this is
/// the test that would catch an acknowledgement sent from a batch not yet synced.
/// </summary>
[Collection(AloneOnTheMachine.Name)]
public class KillUnderLoadTests(ITestOutputHelper output)
{
    private const int Clients = 8;
    private const int UsersPerClient = 25;
    private static readonly TimeSpan Drive = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Every_acknowledged_event_and_consent_change_survives_kill_9_in_the_middle_of_the_load()
    {
        using var store = new TestStore(StoreKind.Sqlite);
        var ledgers = new ConcurrentDictionary<string, UserLedger>();
        int acknowledged = 0, unanswered = 0;
        using (var api = await ApiProcess.StartAsync(store))
        {
            using var app = api.Client(ApiFactory.AppKey);
            var users = Enumerable.Range(0, Clients * UsersPerClient).Select(i => $"kill-load-{i}@example.com").ToList();
            foreach (var chunk in users.Chunk(50))
            {
                await Task.WhenAll(chunk.Select(u => app.Grant(u, personalization: true, modelTraining: true).ExpectJson(HttpStatusCode.OK)));
            }

            foreach (var user in users)
            {
                ledgers[user] = new UserLedger { ModelTraining = true };
            }

            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients)
                .Select(c => Task.Run(() => DriveAsync(app, users.Skip(c * UsersPerClient).Take(UsersPerClient).ToList(), ledgers, c, stop.Token)))
                .ToList();
            await Task.Delay(Drive);

            // Mid-run: requests are in flight, and commits with them.
            api.KillHard();
            await stop.CancelAsync();
            foreach (var result in await Task.WhenAll(clients))
            {
                acknowledged += result.Acknowledged;
                unanswered += result.Unanswered;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{acknowledged} writes acknowledged in {Drive.TotalSeconds:0} s before kill -9, {unanswered} unanswered"));
        Assert.True(acknowledged > 500, $"Too little load to mean anything: {acknowledged} acknowledged writes.");

        using var restarted = await ApiProcess.StartAsync(store);
        using var again = restarted.Client(ApiFactory.AppKey);
        var lost = new List<string>();
        foreach (var chunk in ledgers.Chunk(20))
        {
            await Task.WhenAll(chunk.Select(async entry =>
            {
                var (user, ledger) = (entry.Key, entry.Value);
                var export = await again.GetAsync(Http.User(user) + "/data").ExpectJson(HttpStatusCode.OK);
                var stored = export["events"]!.AsArray().Select(e => e!["itemId"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                var missing = ledger.Events.Where(e => !stored.Contains(e)).ToList();
                var training = export["consent"]!["purposes"]!["modelTraining"]!["granted"]!.GetValue<bool>();

                // A change sent but never answered may or may not have happened; the acknowledged one before it must hold otherwise.
                var consentHolds = training == ledger.ModelTraining || ledger.Unanswered.Contains(training);
                lock (lost)
                {
                    lost.AddRange(missing.Select(m => $"{user}: event {m}"));
                    if (!consentHolds)
                    {
                        lost.Add($"{user}: modelTraining {training}, acknowledged {ledger.ModelTraining}");
                    }
                }
            }));
        }

        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes lost, e.g. {string.Join("; ", lost.Take(5))}");
    }

    private static async Task<(int Acknowledged, int Unanswered)> DriveAsync(
        HttpClient app, List<string> users, ConcurrentDictionary<string, UserLedger> ledgers, int client, CancellationToken stop)
    {
        var random = new Random(client);
        int acknowledged = 0, unanswered = 0, sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            var user = users[random.Next(users.Count)];
            var ledger = ledgers[user];
            try
            {
                if (random.Next(4) > 0)
                {
                    var item = string.Create(CultureInfo.InvariantCulture, $"kl-{client}-{sequence++}");
                    using var response = await app.PostJson(Http.User(user) + "/events", new { itemId = item, type = "view" });
                    if (response.StatusCode == HttpStatusCode.Accepted && (await response.ReadJson())["recorded"]!.GetValue<bool>())
                    {
                        ledger.Events.Add(item);
                        acknowledged++;
                    }
                }
                else
                {
                    var training = !ledger.ModelTraining;
                    ledger.Unanswered.Add(training);
                    using var response = await app.Grant(user, personalization: true, modelTraining: training);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        ledger.ModelTraining = training;
                        ledger.Unanswered.Clear();
                        acknowledged++;
                    }
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or System.Net.Sockets.SocketException or IOException)
            {
                // Killed under it: the outcome of this request is unknown, so it promises nothing.
                // A connection the kill cut while it opened can surface as a bare socket error.
                unanswered++;
            }
        }

        return (acknowledged, unanswered);
    }

    /// <summary>One user's acknowledged writes; each user belongs to one client, so no two requests for them overlap.</summary>
    private sealed class UserLedger
    {
        public List<string> Events { get; } = [];

        public bool ModelTraining { get; set; }

        public HashSet<bool> Unanswered { get; } = [];
    }
}
