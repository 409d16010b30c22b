using System.Diagnostics;
using System.Text.Json;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Running;

/// <summary>
/// The runner host started as `dotnet safe-migrate` starts it: `dotnet exec` with the sample shop's
/// deps.json and runtimeconfig.json, the request on standard input, events read line by line.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<RunnerEvent> _events = [];
    private readonly Task _reader;

    private HostProcess(Process process, Action<HostProcess, RunnerEvent> onEvent)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                var runnerEvent = JsonSerializer.Deserialize<RunnerEvent>(line, RunnerHost.Json)!;
                lock (_events)
                {
                    _events.Add(runnerEvent);
                }

                onEvent(this, runnerEvent);
            }
        });
    }

    public IReadOnlyList<RunnerEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public static HostProcess Start(RunnerRequest request, Action<HostProcess, RunnerEvent>? onEvent = null)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/'))!);
        var shop = TestedLine.OutputFolder("samples/Shop", configuration);
        var host = Path.Combine(TestedLine.OutputFolder("src/EfSafeMigrations.Tool.Host", configuration), "EfSafeMigrations.Tool.Host.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", "--depsfile", Path.Combine(shop, "Shop.deps.json"), "--runtimeconfig", Path.Combine(shop, "Shop.runtimeconfig.json"), host })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var hostProcess = new HostProcess(process, onEvent ?? ((_, _) => { }));
        process.StandardInput.WriteLine(JsonSerializer.Serialize(request with { Assembly = Path.Combine(shop, "Shop.dll") }, RunnerHost.Json));
        process.StandardInput.Flush();
        return hostProcess;
    }

    /// <summary>Kills the host outright (SIGKILL): no chance to write a checkpoint or a result.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<int> WaitAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _process.WaitForExitAsync(guard.Token);
        await _reader;
        return _process.ExitCode;
    }

    public async Task<string> ErrorsAsync() => await _process.StandardError.ReadToEndAsync();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
