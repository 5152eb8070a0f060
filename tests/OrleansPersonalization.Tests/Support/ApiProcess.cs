using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrleansPersonalization.Api.Security;

namespace OrleansPersonalization.Tests.Support;

/// <summary>
/// The API as a real operating-system process on Kestrel, so a test can <c>kill -9</c> it. It runs
/// the same build the tests reference, with its settings from environment variables.
/// </summary>
public sealed class ApiProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<ApiProcess> StartAsync(string dataDirectory)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrleansPersonalization.Api.dll"));
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["EmbeddedStore__DataDirectory"] = dataDirectory,
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            ["Seed__Demo"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            ["DOTNET_gcServer"] = "0",
            ["ApiKeys__Keys__0__Name"] = "process-app",
            ["ApiKeys__Keys__0__Role"] = ApiRoles.App,
            ["ApiKeys__Keys__0__Sha256"] = ApiKeyStore.Hash(ApiFactory.AppKey),
            ["ApiKeys__Keys__1__Name"] = "process-admin",
            ["ApiKeys__Keys__1__Role"] = ApiRoles.Admin,
            ["ApiKeys__Keys__1__Sha256"] = ApiKeyStore.Hash(ApiFactory.AdminKey),
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var api = new ApiProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        await api.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return api;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like <c>kill -9</c>.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API process exited with {_process.ExitCode}:\n{Output}");
            }

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

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
