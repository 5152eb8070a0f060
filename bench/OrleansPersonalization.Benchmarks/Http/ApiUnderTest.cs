using System.Diagnostics;
using System.Globalization;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Benchmarks.Http;

/// <summary>
/// The API as a user runs it: its own process (the Release build next to this repository's
/// <c>src/Api</c>), the embedded default with its co-hosted silo and a durable store
/// (<c>synchronous = FULL</c>) in a throwaway folder, rate limiter lifted.
/// </summary>
internal sealed class ApiUnderTest : IDisposable
{
    public const string AppKey = "http-load-app-key-0123456789abcdef0123456789";
    public const string AdminKey = "http-load-admin-key-0123456789abcdef012345678";

    private readonly Process _process;
    private readonly string _directory;

    private ApiUnderTest(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string BaseAddress => $"http://127.0.0.1:{Port}";

    public int ProcessId => _process.Id;

    public static async Task<ApiUnderTest> StartAsync(IReadOnlyDictionary<string, string>? extra = null)
    {
        // A cluster's API tier is the gateway (no silo assemblies); the embedded default is the API program.
        var assembly = extra?.GetValueOrDefault("Api__Hosting") == "Client"
            ? Path.Combine(RepositoryRoot(), "src", "Gateway", "bin", "Release", "net10.0", "OrleansPersonalization.Gateway.dll")
            : Path.Combine(RepositoryRoot(), "src", "Api", "bin", "Release", "net10.0", "OrleansPersonalization.Api.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException("Build the solution in Release first (dotnet build -c Release).", assembly);
        }

        var directory = Path.Combine(Path.GetTempPath(), "op-http-load-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(assembly);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["EmbeddedStore__DataDirectory"] = Path.Combine(directory, "data"),
            ["Cluster__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Seed__Demo"] = "false",
            ["ApiKeys__Keys__0__Name"] = "load-app",
            ["ApiKeys__Keys__0__Role"] = ApiRoles.App,
            ["ApiKeys__Keys__0__Sha256"] = ApiKeyStore.Hash(AppKey),
            ["ApiKeys__Keys__1__Name"] = "load-admin",
            ["ApiKeys__Keys__1__Role"] = ApiRoles.Admin,
            ["ApiKeys__Keys__1__Sha256"] = ApiKeyStore.Hash(AdminKey),
            ["RateLimiting__PermitsPerSecond"] = "100000000",
            ["RateLimiting__Burst"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("api: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiUnderTest(process, directory, port);
        using var probe = new HttpClient { BaseAddress = new Uri(api.BaseAddress), Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {process.ExitCode} before it was ready.");
            }

            try
            {
                using var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(250);
        }

        api.Dispose();
        throw new TimeoutException("The API did not become ready within 2 minutes.");
    }

    public HttpClient Client(string key, int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(BaseAddress), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "OrleansPersonalization.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new DirectoryNotFoundException("Run the harness from inside the repository.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
