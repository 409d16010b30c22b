using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Building;
using EfSafeMigrations.Tool.Cli;
using EfSafeMigrations.Tool.Processes;
using EfSafeMigrations.Tool.Rendering;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>
/// Runs one request in the runner host: <c>dotnet exec --depsfile &lt;app&gt;.deps.json --runtimeconfig
/// &lt;app&gt;.runtimeconfig.json [--additionalprobingpath &lt;package folder&gt;]... host/EfSafeMigrations.Tool.Host.dll</c>,
/// so the host runs on the app's own EF Core, provider and EfSafeMigrations; the request goes to its standard input
/// as one JSON line (so the connection string never shows in a process list), its events come back as JSON lines on its
/// standard output until a <see cref="ResultEvent"/>. Ctrl+C and SIGTERM on the tool are passed on (as SIGTERM): the host stops after
/// its current batch or step and reports its result. Its standard input stays open while it runs: when this process dies
/// (even by SIGKILL) the host sees it end, stops and releases the runner's lock.
/// </summary>
internal sealed class RunnerHostProcess
{
    private const int ErrorTailLines = 30;
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(10);
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly IToolOutput output;
    private readonly OutputScrubber scrubber;
    private readonly bool verbose;
    private readonly Queue<string> errorTail = new();
    private readonly Channel<HostEvent> events = Channel.CreateUnbounded<HostEvent>(new UnboundedChannelOptions { SingleReader = true });

    public RunnerHostProcess(IToolOutput output, OutputScrubber scrubber, bool verbose)
    {
        this.output = output;
        this.scrubber = scrubber;
        this.verbose = verbose;
    }

    /// <summary>Runs <paramref name="request"/> in the host at <paramref name="hostPath"/>; returns the tool's exit code.</summary>
    public async Task<int> RunAsync(string hostPath, AppTarget app, RunnerRequest request, TerminationSignals signals)
    {
        string? fallbackRuntimeConfig = null;
        try
        {
            var runtimeConfig = app.RuntimeConfigFile ?? (fallbackRuntimeConfig = WriteFallbackRuntimeConfig());
            using var process = new Process { StartInfo = StartInfo(hostPath, app, runtimeConfig) };
            output.Verbose("Starting the runner host: " + CommandLine(process.StartInfo));
            process.ErrorDataReceived += (_, e) => OnErrorLine(e.Data);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception error)
            {
                throw new ToolException($"Could not start the runner host with {process.StartInfo.FileName}: {error.Message}", error);
            }

            process.BeginErrorReadLine();
            void OnSignal(int number) => Interrupt(process, number);
            signals.Received += OnSignal;
            try
            {
                await SendAsync(process, request).ConfigureAwait(false);
                var render = output.RenderAsync(events.Reader);
                var result = await ReadEventsAsync(process).ConfigureAwait(false);
                events.Writer.TryComplete();
                await render.ConfigureAwait(false);
                await WaitForExitAsync(process).ConfigureAwait(false);
                return Finish(result, process.ExitCode, signals.Token.IsCancellationRequested);
            }
            finally
            {
                signals.Received -= OnSignal;
                events.Writer.TryComplete();
            }
        }
        finally
        {
            if (fallbackRuntimeConfig != null)
            {
                File.Delete(fallbackRuntimeConfig);
            }
        }
    }

    private static ProcessStartInfo StartInfo(string hostPath, AppTarget app, string runtimeConfig)
    {
        var startInfo = new ProcessStartInfo(DotnetExecutable.Path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        startInfo.ArgumentList.Add("exec");
        startInfo.ArgumentList.Add("--depsfile");
        startInfo.ArgumentList.Add(app.DepsFile);
        startInfo.ArgumentList.Add("--runtimeconfig");
        startInfo.ArgumentList.Add(runtimeConfig);
        foreach (var folder in app.ProbingPaths)
        {
            startInfo.ArgumentList.Add("--additionalprobingpath");
            startInfo.ArgumentList.Add(folder);
        }

        startInfo.ArgumentList.Add(hostPath);
        return startInfo;
    }

    private static string CommandLine(ProcessStartInfo startInfo)
        => startInfo.FileName + " " + string.Join(' ', startInfo.ArgumentList.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));

    /// <summary>A class library has no runtimeconfig.json; the host then runs on this process's framework.</summary>
    private static string WriteFallbackRuntimeConfig()
    {
        var path = Path.Combine(Path.GetTempPath(), $"safe-migrate-{Guid.NewGuid():N}.runtimeconfig.json");
        var version = Environment.Version;
        var framework = string.Create(CultureInfo.InvariantCulture, $"{version.Major}.{version.Minor}");
        File.WriteAllText(
            path,
            "{\"runtimeOptions\":{\"tfm\":\"net" + framework + "\",\"rollForward\":\"Major\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + framework + ".0\"}}}");
        return path;
    }

    private static async Task SendAsync(Process process, RunnerRequest request)
    {
        try
        {
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(request, RunnerHost.Json)).ConfigureAwait(false);
            await process.StandardInput.FlushAsync().ConfigureAwait(false);

            // Standard input stays open until the host has ended: the host takes its end for this tool's death (a
            // SIGKILL gives no chance to pass anything on) and stops rather than go on holding the runner's lock.
        }
        catch (IOException)
        {
            // The host ended at once; it reports no result and its standard error says why.
        }
    }

    private async Task<ResultEvent?> ReadEventsAsync(Process process)
    {
        ResultEvent? result = null;
        using var afterResult = new CancellationTokenSource();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(afterResult.Token).ConfigureAwait(false) is { } line)
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var hostEvent = HostEvent.Read(line, scrubber);
                if (hostEvent.Event is ResultEvent resultEvent && result == null)
                {
                    result = resultEvent;

                    // Its work is done; a host that does not end soon after is ended.
                    afterResult.CancelAfter(ExitGrace);
                }

                events.Writer.TryWrite(hostEvent);
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        return result;
    }

    private static async Task WaitForExitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(ExitGrace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private int Finish(ResultEvent? result, int hostExitCode, bool stopped)
    {
        if (result != null)
        {
            output.Result(result.ExitCode, result.Message);
            return result.ExitCode;
        }

        string tail;
        lock (errorTail)
        {
            tail = errorTail.Count == 0 ? "(no error output)" : string.Join(Environment.NewLine, errorTail);
        }

        var code = hostExitCode.ToString(CultureInfo.InvariantCulture);
        var message = stopped
            ? $"The run was stopped: the runner host ended (exit code {code}) without reporting a result. A re-run resumes where it stopped."
            : $"The runner host ended (exit code {code}) without reporting a result.";
        output.Result(ExitCodes.Failed, message, "The runner host's last error output:" + Environment.NewLine + tail);
        return ExitCodes.Failed;
    }

    private void OnErrorLine(string? line)
    {
        if (line == null)
        {
            return;
        }

        var scrubbed = scrubber.Scrub(line);
        lock (errorTail)
        {
            errorTail.Enqueue(scrubbed);
            while (errorTail.Count > ErrorTailLines)
            {
                errorTail.Dequeue();
            }
        }

        if (verbose)
        {
            events.Writer.TryWrite(HostEvent.From(new MessageEvent("host: " + scrubbed, Verbose: true)));
        }
    }

    private void Interrupt(Process process, int signalNumber)
    {
        if (signalNumber == 1)
        {
            events.Writer.TryWrite(HostEvent.From(new MessageEvent(
                "Stopping: the runner finishes its current batch or step, then stops; a re-run resumes. Press Ctrl+C twice more to end it at once.")));
        }

        try
        {
            // On Windows the console's Ctrl+C reaches the host itself.
            if (signalNumber >= 3 || (!OperatingSystem.IsWindows() && !NativeMethods.RequestStop(process.Id)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It has already ended.
        }
    }
}
