using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OrleansPersonalization.Silo.Storage.Sql;

namespace OrleansPersonalization.Silo.Storage.Sqlite;

/// <summary>
/// One SQLite file in WAL mode with a single writer that commits in groups. SQLite admits one
/// writer at a time, and every commit with <c>synchronous = FULL</c> costs an fsync: when many
/// grains wrote on their own connections, they queued on the file's lock (with the busy handler's
/// sleeps) and paid an fsync each. Here every unit of work is queued to one connection, which runs
/// whatever is waiting in one transaction (each unit in its own savepoint, so a failing unit
/// rolls back alone) and acknowledges them all after the one commit. There is no timed wait: a
/// batch is what arrived while the previous commit was being synced, so a lone write pays one
/// fsync and nothing more, and a busy store gets larger batches. Reads run on pooled connections
/// beside the writer (WAL readers never wait for it).
/// </summary>
public sealed class SqliteStore : SqlStore, IDisposable
{
    private const int MaxBatch = 512;
    private static readonly TimeSpan[] ScrubRetries = [TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(200)];

    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;

    // The writer sleeps on this when the queue is empty. No spinning (a blocking wait on the
    // channel's task spins first): on two cores a spinning writer takes CPU from the requests
    // whose writes it is waiting for.
    private readonly ManualResetEventSlim _arrived = new(false, spinCount: 0);

    public SqliteStore(string path, string synchronous, string migrations)
        : base(new SqliteDialect())
    {
        Path = path;
        _synchronous = synchronous;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        using (var connection = OpenWriter())
        {
            SqliteMigrator.Apply(connection, migrations);
        }

        _writer = new Thread(RunWriter) { IsBackground = true, Name = "sqlite-writer " + System.IO.Path.GetFileName(path) };
        _writer.Start();
    }

    public string Path { get; }

    /// <summary>Batches committed so far and the units in them, for the benchmarks' report.</summary>
    public (long Batches, long Units) Commits => (Interlocked.Read(ref _batches), Interlocked.Read(ref _units));

    private long _batches;
    private long _units;

    public override async ValueTask<SqlSession> ReadAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return new SqlSession(connection, null, Dialect, ownsConnection: true);
    }

    public override Task<T> WriteAsync<T>(Func<SqlSession, CancellationToken, Task<T>> work, bool scrub = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        var pending = new PendingWrite<T>(work, scrub, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(SqliteStore), "The store is shutting down.");
        }

        _arrived.Set();
        return pending.Task;
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();

        // secure_delete: a deleted row's bytes are overwritten in the file, not left in free pages.
        pragma.CommandText = $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {_synchronous}; PRAGMA secure_delete = ON; PRAGMA busy_timeout = 30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    private void RunWriter()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        SqliteConnection? connection = null;
        try
        {
            while (true)
            {
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    if (next.Token.IsCancellationRequested)
                    {
                        next.Fail(new OperationCanceledException(next.Token));
                    }
                    else
                    {
                        batch.Add(next);
                    }
                }

                if (batch.Count == 0)
                {
                    if (_queue.Reader.Completion.IsCompleted)
                    {
                        return;
                    }

                    // A write queued between the reads above and this reset set the event after
                    // its item was queued, so the next round of reads finds it.
                    _arrived.Wait();
                    _arrived.Reset();
                    continue;
                }

                try
                {
                    connection ??= OpenWriter();
                    Commit(connection, batch);
                }
                catch (Exception exception)
                {
                    // The connection itself failed (the disk, the file): nothing of the batch is
                    // acknowledged, and the next batch starts on a fresh connection.
                    foreach (var write in batch)
                    {
                        write.Fail(exception);
                    }

                    connection?.Dispose();
                    connection = null;
                }

                batch.Clear();
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private void Commit(SqliteConnection connection, List<PendingWrite> batch)
    {
        // Units almost never fail, so a batch first runs without a savepoint per unit (two more
        // statements each); only when one does fail is the batch run again unit by unit.
        var done = batch.Count > 1 && TryCommitWhole(connection, batch) ? batch : CommitUnitByUnit(connection, batch);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _units, done.Count);
        if (done.Exists(w => w.Scrub) && !TryScrub(connection))
        {
            var failure = new IOException("The store's WAL could not be truncated after removing data; the operation must be retried.");
            foreach (var write in done.Where(w => w.Scrub))
            {
                write.Fail(failure);
            }
        }

        foreach (var write in done)
        {
            write.Succeed();
        }
    }

    /// <summary>Every unit in one transaction; false (and nothing written) when any unit failed on its own.</summary>
    private bool TryCommitWhole(SqliteConnection connection, List<PendingWrite> batch)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var session = new SqlSession(connection, transaction, Dialect, ownsConnection: false);
        foreach (var write in batch)
        {
            try
            {
                write.RunAsync(session).GetAwaiter().GetResult();
            }
            catch (Exception exception) when (!IsConnectionFailure(exception))
            {
                transaction.Rollback();
                return false;
            }
        }

        transaction.Commit();
        return true;
    }

    private List<PendingWrite> CommitUnitByUnit(SqliteConnection connection, List<PendingWrite> batch)
    {
        var done = new List<PendingWrite>(batch.Count);
        using var transaction = connection.BeginTransaction(deferred: false);
        var session = new SqlSession(connection, transaction, Dialect, ownsConnection: false);
        for (var i = 0; i < batch.Count; i++)
        {
            var write = batch[i];
            var savepoint = "unit" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            transaction.Save(savepoint);
            try
            {
                // The units are SQL only; Microsoft.Data.Sqlite completes them synchronously.
                write.RunAsync(session).GetAwaiter().GetResult();
                transaction.Release(savepoint);
                done.Add(write);
            }
            catch (Exception exception) when (!IsConnectionFailure(exception))
            {
                // One unit's failure (a lost etag race, a constraint) is its own; the rest commit.
                transaction.Rollback(savepoint);
                transaction.Release(savepoint);
                write.Fail(exception);
            }
        }

        transaction.Commit();
        return done;
    }

    /// <summary>The disk or the file failed (I/O error, disk full, database corrupt): the whole batch fails.</summary>
    private static bool IsConnectionFailure(Exception exception) => exception is SqliteException { SqliteErrorCode: 10 or 13 or 11 };

    /// <summary>
    /// Deleted cells are overwritten in the file (secure_delete), but their old page images stay in
    /// the WAL until a checkpoint truncates it; a reader in the middle of a read holds that up, so a
    /// few short tries.
    /// </summary>
    private static bool TryScrub(SqliteConnection connection)
    {
        foreach (var pause in ScrubRetries.Prepend(TimeSpan.Zero))
        {
            Thread.Sleep(pause);
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = checkpoint.ExecuteReader();
            if (reader.Read() && reader.GetInt32(0) == 0)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _arrived.Set();
        _writer.Join();
        _arrived.Dispose();
    }

    private abstract class PendingWrite(bool scrub, CancellationToken token)
    {
        public bool Scrub { get; } = scrub;

        public CancellationToken Token { get; } = token;

        public bool Failed { get; private set; }

        public abstract Task RunAsync(SqlSession session);

        public abstract void Succeed();

        protected abstract void SetFailure(Exception exception);

        public void Fail(Exception exception)
        {
            Failed = true;
            SetFailure(exception);
        }
    }

    private sealed class PendingWrite<T>(Func<SqlSession, CancellationToken, Task<T>> work, bool scrub, CancellationToken token) : PendingWrite(scrub, token)
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(SqlSession session) => _result = await work(session, Token);

        public override void Succeed()
        {
            if (!Failed)
            {
                _done.TrySetResult(_result);
            }
        }

        protected override void SetFailure(Exception exception) => _done.TrySetException(exception);
    }
}
