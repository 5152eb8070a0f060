using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OrleansPersonalization.Api.Security;
using OrleansPersonalization.Silo.Storage;
using OrleansPersonalization.Storage;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// The real API with its co-hosted silo and embedded store, in process. Each factory has its own
/// data folder, ports and domain clock; two factories on the same folder model a process restart.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string AppKey = "test-app-key-0123456789abcdef0123456789abcdef";
    public const string SecondAppKey = "test-app-key-second-0123456789abcdef0123456789";
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;
    private readonly CapturedLogs? _logs;
    private readonly LogLevel _minimumLevel;
    private readonly Action<IServiceCollection>? _services;

    public ApiFactory(
        TestStore store,
        FakeTimeProvider? clock = null,
        CapturedLogs? logs = null,
        LogLevel minimumLevel = LogLevel.Warning,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        Store = store;
        Clock = clock ?? new FakeTimeProvider(DateTimeOffset.UtcNow);
        _logs = logs;
        _minimumLevel = minimumLevel;
        _settings = new Dictionary<string, string?>(store.Settings())
        {
            ["Cluster:SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster:ClusterId"] = "test-" + Guid.NewGuid().ToString("N"),
            ["Seed:Demo"] = "false",

            // Most tests seed one or two users per item and are about something else than k; the
            // tests about k (MinimumSupportApiTests, the notice, the demo seed) set it themselves.
            ["Model:MinimumSupport"] = "1",
            ["ApiKeys:Keys:0:Name"] = "test-app",
            ["ApiKeys:Keys:0:Role"] = ApiRoles.App,
            ["ApiKeys:Keys:0:Sha256"] = ApiKeyStore.Hash(AppKey),
            ["ApiKeys:Keys:1:Name"] = "test-app-second",
            ["ApiKeys:Keys:1:Role"] = ApiRoles.App,
            ["ApiKeys:Keys:1:Sha256"] = ApiKeyStore.Hash(SecondAppKey),
            ["ApiKeys:Keys:2:Name"] = "test-admin",
            ["ApiKeys:Keys:2:Role"] = ApiRoles.Admin,
            ["ApiKeys:Keys:2:Sha256"] = ApiKeyStore.Hash(AdminKey),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public TestStore Store { get; }
    public StoreInspector Inspector => Store.Inspector;
    public FakeTimeProvider Clock { get; }

    public HttpClient App() => WithKey(AppKey);
    public HttpClient Admin() => WithKey(AdminKey);
    public HttpClient Anonymous() => CreateClient();

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (_logs is not null)
            {
                logging.AddProvider(_logs);
            }

            logging.SetMinimumLevel(_minimumLevel);
            logging.AddFilter("Orleans", _minimumLevel);
            logging.AddFilter("Microsoft", _minimumLevel);
        });
        builder.ConfigureTestServices(services =>
        {
            services.AddKeyedSingleton<TimeProvider>(Clocks.Domain, Clock);
            _services?.Invoke(services);
        });
    }
}

/// <summary>One API per test class, on a store of its own.</summary>
public abstract class ApiFixture : IDisposable
{
    private readonly TestStore _store;

    protected ApiFixture(StoreKind kind)
    {
        _store = new TestStore(kind);
        Factory = new ApiFactory(_store);
    }

    public ApiFactory Factory { get; }

    public void Dispose()
    {
        Factory.Dispose();
        _store.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApiFixture() : ApiFixture(StoreKind.Sqlite);

public sealed class PostgresApiFixture() : ApiFixture(StoreKind.Postgres);
