using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace EfSafeMigrations.Faults;

/// <summary>
/// One run of <c>dotnet safe-migrate.dll ... --json</c>: its events read as they come, killed with SIGKILL on request
/// (the tool alone, as a deploy system killing its job's main process does), its runner host watched.
/// </summary>
internal sealed class ToolRun : IDisposable
{
    private readonly Process _process;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _notes = [];
    private readonly List<string> _errors = [];
    private string? _result;
    private int? _resultCode;

    private ToolRun(Process process) => _process = process;

    /// <summary>The tool's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether it has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>dotnet <paramref name="tool"/> <paramref name="args"/> --json</c>.</summary>
    public static ToolRun Start(string tool, IEnumerable<string> args)
    {
        var startInfo = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        startInfo.ArgumentList.Add(tool);
        foreach (var argument in args)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add("--json");
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var run = new ToolRun(new Process { StartInfo = startInfo });
        run._process.OutputDataReceived += (_, e) => run.OnEvent(e.Data);
        run._process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                lock (run._errors)
                {
                    run._errors.Add(e.Data.Trim());
                }
            }
        };
        run._process.Start();
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return run;
    }

    /// <summary>The runner host this run started, while it runs (Linux's /proc).</summary>
    public int? HostId()
    {
        try
        {
            return Directory.GetDirectories($"/proc/{_process.Id}/task")
                .Select(task => Path.Combine(task, "children"))
                .Where(File.Exists)
                .SelectMany(file => File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(pid => (int?)int.Parse(pid, CultureInfo.InvariantCulture))
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL to the tool alone; false when it had already ended.</summary>
    public bool Kill()
    {
        if (_process.HasExited)
        {
            return false;
        }

        using var kill = Process.Start("kill", ["-KILL", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return true;
    }

    /// <summary>Waits for the end; kills the tool and what it started after <paramref name="timeout"/>.</summary>
    public async Task<ToolResult> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            _notes.Add($"did not end within {timeout.TotalSeconds:0} s and was killed");
        }

        lock (_notes)
        {
            lock (_errors)
            {
                var code = _resultCode ?? (_process.ExitCode is var exit and < 128 ? exit : null);
                return new ToolResult(code, _clock.Elapsed.TotalSeconds, _result ?? _errors.LastOrDefault() ?? "(no result: killed)", [.. _notes]);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnEvent(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || !line.StartsWith('{'))
        {
            return;
        }

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        var text = root.GetProperty("event").GetString() switch
        {
            "result" => Result(root),
            "message" when root.GetProperty("text").GetString() is { } message && (message.StartsWith("resuming", StringComparison.Ordinal) || message.Contains("already finished", StringComparison.Ordinal)) => message,
            "retry" => $"retry {root.GetProperty("attempt").GetInt32()}: {root.GetProperty("reason").GetString()}",
            "wait" => "waited: " + root.GetProperty("reason").GetString(),
            "step" when root.GetProperty("status").GetString() is "failed" or "stopped" => $"{root.GetProperty("migrationId").GetString()} {root.GetProperty("status").GetString()}",
            _ => null,
        };
        if (text != null)
        {
            lock (_notes)
            {
                _notes.Add(text.Length > 240 ? text[..240] + "..." : text);
            }
        }
    }

    private string? Result(JsonElement root)
    {
        lock (_notes)
        {
            _resultCode = root.GetProperty("exitCode").GetInt32();
            _result = root.GetProperty("message").GetString();
        }

        return null;
    }
}
