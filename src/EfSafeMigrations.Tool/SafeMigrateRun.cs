using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Building;
using EfSafeMigrations.Tool.Cli;
using EfSafeMigrations.Tool.Hosting;
using EfSafeMigrations.Tool.Rendering;

namespace EfSafeMigrations.Tool;

/// <summary>Carries out one parsed command: locate (and build) the app, run the request in the runner host, show what happens.</summary>
internal static class SafeMigrateRun
{
    /// <summary>The environment variable a connection string is taken from when <c>--connection</c> is not given.</summary>
    public const string ConnectionVariable = "SAFE_MIGRATE_CONNECTION";

    /// <summary>Runs <paramref name="invocation"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(ToolInvocation invocation, CancellationToken cancellation)
    {
        var (connection, connectionSource) = invocation.Connection != null
            ? (invocation.Connection, "--connection")
            : Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } fromEnvironment
                ? (fromEnvironment, ConnectionVariable)
                : ((string?)null, (string?)null);
        var scrubber = new OutputScrubber(connection, invocation.Settings.Replicas);
        IToolOutput output = invocation.Json
            ? new JsonToolOutput(Console.Out, Console.Error, scrubber, invocation.Verbose)
            : HumanToolOutput.Create(scrubber, invocation.Verbose, invocation.NoColor, invocation.Command);

        using var signals = new TerminationSignals();
        var hostStarted = false;
        signals.Received += number =>
        {
            if (number == 1 && !Volatile.Read(ref hostStarted))
            {
                output.Stopping("Stopping: nothing has been changed.");
            }
        };

        try
        {
            if (connection != null)
            {
                var masked = Masked(connection, connectionSource!);
                output.Verbose($"Connection (from {connectionSource}): {masked}");
            }

            for (var i = 0; i < invocation.Settings.Replicas.Count; i++)
            {
                output.Verbose($"Replica (from --replica): {MaskedReplica(invocation.Settings.Replicas, i)}");
            }

            InvocationChecks.Check(invocation, Directory.GetCurrentDirectory());
            var (configFile, config) = DeploymentConfigFile.Find(invocation, Directory.GetCurrentDirectory());
            if (configFile != null)
            {
                output.Verbose($"Hooks and gates: {configFile} ({config.Hooks.Count} hooks, {config.Gates.Count} gates)");
                foreach (var (name, variables) in config.MissingVariables)
                {
                    output.Verbose($"{name} uses environment variables that are not set: {string.Join(", ", variables)}.");
                }
            }

            if (invocation.PlanDir != null)
            {
                Volatile.Write(ref hostStarted, true);
                return await PlanRun.RunAsync(invocation, connection, config, output, signals.Token).ConfigureAwait(false);
            }

            var app = await AppLocator.LocateAsync(invocation, Directory.GetCurrentDirectory(), output, signals.Token).ConfigureAwait(false);
            output.Verbose($"Migrations assembly: {app.MigrationsAssembly}");
            if (app.StartupAssembly != app.MigrationsAssembly)
            {
                output.Verbose($"Startup assembly: {app.StartupAssembly}");
            }

            var host = HostLocator.Find();
            signals.Token.ThrowIfCancellationRequested();
            var request = new RunnerRequest
            {
                Command = invocation.Command,
                Phase = invocation.Phase,
                Assembly = app.MigrationsAssembly,
                StartupAssembly = app.StartupAssembly == app.MigrationsAssembly ? null : app.StartupAssembly,
                Context = invocation.Context,
                Connection = connection,
                DryRun = invocation.DryRun,
                Target = invocation.Target,
                ServerVersion = invocation.ServerVersion,
                MySqlServerVersion = invocation.MySqlServerVersion,
                OutputDir = invocation.OutputDir,
                ConfigFile = configFile,
                Require = invocation.Require,
                FlagName = invocation.FlagName,
                FlagEnabled = invocation.FlagEnabled,
                ProjectDir = ProjectDirectory(invocation, Directory.GetCurrentDirectory()),
                Settings = invocation.Settings,
            };
            Volatile.Write(ref hostStarted, true);
            return await new RunnerHostProcess(output, scrubber, invocation.Verbose).RunAsync(host, app, request, signals).ConfigureAwait(false);
        }
        catch (ToolException error)
        {
            output.Result(error.ExitCode, error.Message, error.Detail);
            return error.ExitCode;
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested || cancellation.IsCancellationRequested)
        {
            output.Result(ExitCodes.Failed, "Stopped before the runner started; nothing was changed.");
            return ExitCodes.Failed;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            output.Result(ExitCodes.Failed, "safe-migrate failed: " + error.Message, invocation.Verbose ? error.ToString() : null);
            return ExitCodes.Failed;
        }
    }

    /// <summary>Where the migrations' source files are: the project's folder, or the current one.</summary>
    internal static string ProjectDirectory(ToolInvocation invocation, string currentDirectory)
    {
        var project = invocation.Project == null ? currentDirectory : Path.GetFullPath(invocation.Project, currentDirectory);
        return File.Exists(project) ? Path.GetDirectoryName(project)! : project;
    }

    /// <summary>The replica's connection string with its password masked; a usage error when it cannot be used at all.</summary>
    private static string MaskedReplica(IReadOnlyList<string> replicas, int index)
    {
        var source = replicas.Count == 1 ? "--replica" : $"--replica number {index + 1} (of {replicas.Count})";
        if (replicas[index].Trim().Length == 0)
        {
            throw ToolException.Usage(
                $"The connection string from {source} is empty: give a replica's own, such as \"Server=replica1;Port=3306;Uid=monitor;Pwd=...\"; nothing was changed.");
        }

        ConnectionStringCheck.Check(replicas[index], source);
        return SecretScrubber.MaskConnectionString(replicas[index]);
    }

    /// <summary>The connection string with its password masked; a usage error when it cannot be used at all.</summary>
    private static string Masked(string connection, string source)
    {
        ConnectionStringCheck.Check(connection, source);
        return SecretScrubber.MaskConnectionString(connection);
    }
}
