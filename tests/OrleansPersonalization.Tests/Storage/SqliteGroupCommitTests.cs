using Microsoft.Data.Sqlite;
using OrleansPersonalization.Silo.Storage.Sql;
using OrleansPersonalization.Silo.Storage.Sqlite;

namespace OrleansPersonalization.Tests.Storage;

/// <summary>
/// The embedded store's single writer: what queues while a commit is in progress shares the next
/// commit, and a unit that fails on its own (a constraint) fails alone while the rest of its batch
/// commits. Batches first run without a savepoint per unit, so the failure path is the one that
/// has to prove itself.
/// </summary>
public sealed class SqliteGroupCommitTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "op-group-commit-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteStore _store;
    private readonly SqlUserJournal _journal;

    public SqliteGroupCommitTests()
    {
        Directory.CreateDirectory(_directory);
        _store = new SqliteStore(Path.Combine(_directory, "store.db"), "FULL", "Data");
        _journal = new SqlUserJournal(_store);
    }

    [Fact]
    public async Task Writes_queued_behind_a_commit_share_the_next_one()
    {
        using var gate = new ManualResetEventSlim(false);
        var before = _store.Commits;
        var holding = HoldWriterAsync(gate);

        var appends = Enumerable.Range(1, 40).Select(i => _journal.AppendAsync("user-" + i, 1, [(byte)i])).ToList();
        gate.Set();
        await holding;
        await Task.WhenAll(appends);

        var after = _store.Commits;
        // The holding unit's own commit, then one for all forty.
        Assert.Equal(41, after.Units - before.Units);
        Assert.Equal(2, after.Batches - before.Batches);
        for (var i = 1; i <= 40; i++)
        {
            var entry = Assert.Single(await _journal.ReadAsync("user-" + i));
            Assert.Equal([(byte)i], entry.Payload);
        }
    }

    [Fact]
    public async Task A_unit_that_fails_fails_alone_and_the_rest_of_its_batch_commits()
    {
        await _journal.AppendAsync("taken", 1, [1]);

        using var gate = new ManualResetEventSlim(false);
        var holding = HoldWriterAsync(gate);
        var first = Enumerable.Range(1, 10).Select(i => _journal.AppendAsync("first-" + i, 1, [(byte)i])).ToList();
        var duplicate = _journal.AppendAsync("taken", 1, [2]);
        var rest = Enumerable.Range(1, 10).Select(i => _journal.AppendAsync("rest-" + i, 1, [(byte)i])).ToList();
        gate.Set();
        await holding;

        var failure = await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        Assert.Equal(19, failure.SqliteErrorCode); // SQLITE_CONSTRAINT
        await Task.WhenAll(first.Concat(rest));
        foreach (var key in Enumerable.Range(1, 10).SelectMany(i => new[] { "first-" + i, "rest-" + i }))
        {
            Assert.Single(await _journal.ReadAsync(key));
        }

        // The duplicate changed nothing: the first entry stands.
        var standing = Assert.Single(await _journal.ReadAsync("taken"));
        Assert.Equal(new byte[] { 1 }, standing.Payload);
    }

    /// <summary>A unit that keeps the writer busy until the gate opens, so what is queued meanwhile forms one batch.</summary>
    private Task<int> HoldWriterAsync(ManualResetEventSlim gate)
    {
        using var started = new ManualResetEventSlim(false);
        var holding = _store.WriteAsync((_, token) =>
        {
            // Deliberately synchronous: units run on the writer's own thread.
#pragma warning disable CA1849
            started.Set();
            gate.Wait(TimeSpan.FromSeconds(30), token);
#pragma warning restore CA1849
            return Task.FromResult(0);
        });
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        return holding;
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
