using System.Globalization;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Tests.Support;

/// <summary>The API as a real process on Kestrel, so a test can <c>kill -9</c> it or run it as a separate tier.</summary>
public sealed class ApiProcess : ServiceProcess
{
    private ApiProcess(string assembly, Dictionary<string, string> environment, Uri baseAddress)
        : base(assembly, environment) => BaseAddress = baseAddress;

    /// <summary>
    /// The API tier as cluster deployments run it: src/Gateway, which carries none of the silo's
    /// assemblies, run from its own build folder (same configuration as the tests). It is built with
    /// the solution, not referenced here: its settings file and Program would shadow the API's.
    /// </summary>
    public static string GatewayAssembly { get; } = Path.Combine(
        TestPostgres.RepositoryRoot(), "src", "Gateway", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "OrleansPersonalization.Gateway.dll");

    public Uri BaseAddress { get; }

    public static Task<ApiProcess> StartAsync(TestStore store) =>
        StartAsync(store.Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? ""));

    /// <summary>Starts the API with these settings (environment-variable names) on top of the defaults for tests.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePorts.Next();
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Cluster__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Seed__Demo"] = "false",
            ["ApiKeys__Keys__0__Name"] = "process-app",
            ["ApiKeys__Keys__0__Role"] = ApiRoles.App,
            ["ApiKeys__Keys__0__Sha256"] = ApiKeyStore.Hash(ApiFactory.AppKey),
            ["ApiKeys__Keys__1__Name"] = "process-admin",
            ["ApiKeys__Keys__1__Role"] = ApiRoles.Admin,
            ["ApiKeys__Keys__1__Sha256"] = ApiKeyStore.Hash(ApiFactory.AdminKey),
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        // A cluster client is the gateway; the embedded default (and its silo) is the API program.
        var assembly = environment.GetValueOrDefault("Api__Hosting") == "Client" ? GatewayAssembly : "OrleansPersonalization.Api.dll";
        var api = new ApiProcess(assembly, environment, new Uri($"http://127.0.0.1:{port}"));
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        return api;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            ThrowIfExited();
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The API process did not become ready:\n{Output}");
    }
}
