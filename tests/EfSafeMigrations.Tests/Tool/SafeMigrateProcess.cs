using System.Diagnostics;
using System.Text;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// A running <c>safe-migrate</c> (see <see cref="SafeMigrateCli"/>): read its output as it comes, stop it as a user or a
/// deploy system would (<see cref="Terminate"/>), wait for it to end.
/// </summary>
internal sealed class SafeMigrateProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly string commandLine;
    private readonly StringBuilder standardOutput = new();
    private readonly StringBuilder standardError = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Action<string>? onOutputLine;

    private SafeMigrateProcess(Process process, string commandLine, Action<string>? onOutputLine)
    {
        this.process = process;
        this.commandLine = commandLine;
        this.onOutputLine = onOutputLine;
    }

    /// <summary>The tool's process id.</summary>
    public int Id => process.Id;

    /// <summary>Standard output so far.</summary>
    public string StandardOutput
    {
        get
        {
            lock (standardOutput)
            {
                return standardOutput.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="startInfo"/>; <paramref name="onOutputLine"/> sees each line of standard output as it comes.</summary>
    public static SafeMigrateProcess Start(ProcessStartInfo startInfo, string commandLine, Action<string>? onOutputLine = null)
    {
        var process = new Process { StartInfo = startInfo };
        var started = new SafeMigrateProcess(process, commandLine, onOutputLine);
        process.OutputDataReceived += (_, e) => started.Append(started.standardOutput, e.Data, isOutput: true);
        process.ErrorDataReceived += (_, e) => started.Append(started.standardError, e.Data, isOutput: false);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Sends SIGTERM, as a deploy system stopping the job does (a terminal's Ctrl+C is SIGINT to the whole group).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL to the tool and its runner host, as a deploy system killing the job does; false when it had already ended.</summary>
    public bool Kill()
    {
        try
        {
            if (process.HasExited)
            {
                return false;
            }

            process.Kill(entireProcessTree: true);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Waits for the end (and the end of its output); kills it after <paramref name="timeout"/>.</summary>
    public async Task<SafeMigrateResult> WaitAsync(TimeSpan timeout)
    {
        int? exitCode;
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
                exitCode = process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                exitCode = null;
            }
        }

        clock.Stop();
        string output, error;
        lock (standardOutput)
        {
            output = standardOutput.ToString();
        }

        lock (standardError)
        {
            error = standardError.ToString();
        }

        return new SafeMigrateResult(commandLine, exitCode, clock.Elapsed, output, error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }

        process.Dispose();
    }

    private void Append(StringBuilder target, string? line, bool isOutput)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }

        if (isOutput)
        {
            onOutputLine?.Invoke(line);
        }
    }
}
