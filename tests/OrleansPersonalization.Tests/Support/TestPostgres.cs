using System.Diagnostics;
using Npgsql;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// The throwaway PostgreSQL server of this test run. <c>./test.sh</c> starts one and passes it in
/// <c>OP_TEST_POSTGRES</c>; a plain <c>dotnet test</c> starts its own with the same script and stops
/// it when the test process exits. Every fixture gets a database of its own.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "OP_TEST_POSTGRES";
    private static readonly Lazy<string> Server = new(StartOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string CreateDatabase()
    {
        var name = "op_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(Server.Value))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }

    /// <summary>
    /// Drops a fixture's database and every connection to it, pooled ones in this process included:
    /// idle pools of finished tests otherwise hold the server's connection slots for minutes, and
    /// the cluster tests at the end of the run start silos that need them.
    /// </summary>
    public static void DropDatabase(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server.Value) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private static string StartOrReuse()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return given;
        }

        var directory = Path.Combine(Path.GetTempPath(), "op-postgres-" + Guid.NewGuid().ToString("N"));
        var script = Path.Combine(RepositoryRoot(), "scripts", "throwaway-postgres.sh");
        var connectionString = Run(script, "start", directory).Trim().Split('\n')[^1];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", directory);
        return connectionString;
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OrleansPersonalization.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Cannot find the repository root.");
    }

    private static string Run(string script, string command, string directory)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {command} failed: {error.Result}");
        }

        return output.Result;
    }
}
