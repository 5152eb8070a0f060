using System.Globalization;
using OrleansPersonalization.Api.Hosting;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Benchmarks;

/// <summary>The real API with its co-hosted silo on Kestrel (loopback), on a throwaway embedded store.</summary>
internal sealed class BenchmarkHost : IAsyncDisposable
{
    public const string AppKey = "benchmark-app-key-0123456789abcdef0123456789";

    private readonly string _directory;

    private BenchmarkHost(WebApplication app, string directory, int port)
    {
        App = app;
        _directory = directory;
        Port = port;
    }

    public WebApplication App { get; }
    public int Port { get; }
    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchmarkHost> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "op-bench-" + Guid.NewGuid().ToString("N"));
        var port = FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["EmbeddedStore:DataDirectory"] = directory,
            ["EmbeddedStore:Synchronous"] = "OFF",
            ["Cluster:SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
            ["Seed:Demo"] = "false",
            ["ApiKeys:Keys:0:Name"] = "bench",
            ["ApiKeys:Keys:0:Role"] = ApiRoles.App,
            ["ApiKeys:Keys:0:Sha256"] = ApiKeyStore.Hash(AppKey),
            ["Logging:LogLevel:Default"] = "Warning",
            // The limiter stays on (its cost is part of every request) but never throttles the harness.
            ["RateLimiting:PermitsPerSecond"] = "10000000",
            ["RateLimiting:Burst"] = "10000000",
            ["Ranking:InitialDelaySeconds"] = "0",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPersonalizationApi();
        var app = builder.Build();
        app.MapPersonalizationApi();
        await app.StartAsync();
        return new BenchmarkHost(app, directory, port);
    }

    public HttpClient Client(int connections)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        http.DefaultRequestHeaders.Add("X-Api-Key", AppKey);
        return http;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
