using System.Diagnostics;
using System.Text;

namespace OrleansPersonalization.Tests.Support;

/// <summary>One of the project's programs (API or silo) as a real process, from the build the tests reference.</summary>
public class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    protected ServiceProcess(string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        // A program of the tests' own folder by name, or one built elsewhere (the gateway) by its path; it runs in its own folder.
        var path = Path.Combine(AppContext.BaseDirectory, assembly);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

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

    public static ServiceProcess Start(string assembly, IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        new(assembly, environment, arguments);

    /// <summary>SIGKILL: no shutdown hooks, no flushing, exactly like <c>kill -9</c>.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        KillHard();
        _process.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The process did not exit within {timeout}:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until the process has printed <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            ThrowIfExited();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The process did not print \"{text}\" within {timeout}:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    protected void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The process exited with {_process.ExitCode}:\n{Output}");
        }
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
