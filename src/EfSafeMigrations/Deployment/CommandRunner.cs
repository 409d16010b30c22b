using System.ComponentModel;
using System.Diagnostics;
using EfSafeMigrations.Deployment.Configuration;

namespace EfSafeMigrations.Deployment;

/// <summary>Runs a hook's or gate's process: its file and arguments as given (no shell), the event in its environment.</summary>
internal static class CommandRunner
{
    private const int TailLines = 10;

    /// <summary>Where <c>dotnet safe-migrate</c> takes a connection string from when <c>--connection</c> is not given.</summary>
    private const string ConnectionVariable = "SAFE_MIGRATE_CONNECTION";

    public static async Task<CommandOutcome> RunAsync(CommandSpec spec, PhaseEvent phaseEvent, CancellationToken stop)
    {
        var start = new ProcessStartInfo(spec.Run)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Args)
        {
            start.ArgumentList.Add(argument);
        }

        // A hook gets the database's name, not its password; a hook that needs the connection string says so in its "env".
        start.Environment.Remove(ConnectionVariable);
        foreach (var (name, value) in phaseEvent.Variables.Concat(spec.Environment))
        {
            start.Environment[name] = value;
        }

        var tail = new Queue<string>();
        void Keep(string? line)
        {
            if (line == null)
            {
                return;
            }

            lock (tail)
            {
                tail.Enqueue(line);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception error)
        {
            throw new DeploymentActionFailure($"{spec.Run} could not be started ({error.Message}); check \"run\" in the configuration (a path relative to the file, or a program on PATH)");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            process.WaitForExit();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            return new CommandOutcome(null, Tail(tail));
        }

        return new CommandOutcome(process.ExitCode, Tail(tail));
    }

    private static string Tail(Queue<string> lines)
    {
        lock (lines)
        {
            return string.Join(" | ", lines.Where(l => l.Trim().Length > 0).Select(l => l.Trim()));
        }
    }
}
