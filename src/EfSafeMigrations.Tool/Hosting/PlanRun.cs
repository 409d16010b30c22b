using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool.Cli;
using EfSafeMigrations.Tool.Rendering;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>
/// <c>phase|rollback|status|flag ... --plan DIR</c>: applies a published plan (or rolls it back, shows its status, or sets a flag) in
/// this process, with no app, no build and no SDK. A plan whose scripts do not match its checksums, or that is
/// not for this database, is refused.
/// </summary>
internal static class PlanRun
{
    public static async Task<int> RunAsync(ToolInvocation invocation, string? connection, DeploymentConfig config, IToolOutput output, CancellationToken stop)
    {
        if (connection == null)
        {
            throw ToolException.Usage($"A plan has no app to take the connection string from: pass --connection or set {SafeMigrateRun.ConnectionVariable}.");
        }

        var folder = Path.GetFullPath(invocation.PlanDir!);
        if (!Directory.Exists(folder))
        {
            throw ToolException.Usage(File.Exists(folder)
                ? $"--plan names a file ({folder}); give the plan's folder, the one holding {PlanWriter.ManifestFile}. Nothing was changed."
                : $"--plan names a folder that does not exist ({folder}). Write the plan with `dotnet safe-migrate plan --output {invocation.PlanDir}` (or dotnet publish with EfSafeMigrations.Build); nothing was changed.");
        }

        if (!File.Exists(Path.Combine(folder, PlanWriter.ManifestFile)))
        {
            throw ToolException.Usage(
                $"{folder} holds no {PlanWriter.ManifestFile}: it is not a phase plan. Give the folder `dotnet safe-migrate plan --output` (or dotnet publish with EfSafeMigrations.Build) wrote; nothing was changed.");
        }

        PhasePlan plan;
        try
        {
            plan = PlanReader.Read(folder);
        }
        catch (Exception error) when (error is InvalidDataException or JsonException or IOException)
        {
            output.Result(ExitCodes.Refused, "Nothing changed: " + error.Message);
            return ExitCodes.Refused;
        }

        var dialect = DatabaseDialects.All.FirstOrDefault(d => d.ProviderNames.Contains(plan.Provider, StringComparer.Ordinal));
        if (dialect == null)
        {
            output.Result(
                ExitCodes.Refused,
                $"Nothing changed: the plan is for {plan.Provider}; this tool deploys plans for {string.Join(", ", DatabaseDialects.All.SelectMany(d => d.ProviderNames))}.");
            return ExitCodes.Refused;
        }

        await using var database = PlanConnection.Create(dialect, connection);

        output.Verbose($"Plan of {plan.Project} ({plan.Context}), written by EfSafeMigrations {plan.ToolVersion}.");
        var channel = Channel.CreateUnbounded<HostEvent>(new UnboundedChannelOptions { SingleReader = true });
        var events = new ChannelRunnerEvents(channel.Writer);
        var render = output.RenderAsync(channel.Reader);
        int exitCode;
        string message;
        try
        {
            var deployer = new PlanDeployer(database, plan, invocation.Settings, events, config);
            exitCode = invocation.Command switch
            {
                RunnerCommand.Status => await deployer.StatusAsync(invocation.Require, stop).ConfigureAwait(false),
                RunnerCommand.Flag => await deployer.FlagAsync(invocation.FlagName, invocation.FlagEnabled, stop).ConfigureAwait(false),
                RunnerCommand.Rollback => await deployer.RollbackAsync(invocation.Target, invocation.DryRun, stop).ConfigureAwait(false),
                _ => await deployer.PhaseAsync(invocation.Phase!.Value, invocation.Target, invocation.DryRun, stop).ConfigureAwait(false),
            };
            message = events.Result?.Message ?? string.Empty;
        }
        catch (Exception error) when (error is DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            exitCode = ExitCodes.Failed;
            message = DatabaseErrorAdvice.For(error, connection) is { } advice
                ? $"The database{DatabaseServerName.Describe(database)} refused the runner: {error.Message.TrimEnd('.')}. {advice}"
                : $"The database{DatabaseServerName.Describe(database)} could not be used: {error.Message.TrimEnd('.')}. Check the connection string (--connection or {SafeMigrateRun.ConnectionVariable}) and that the server is reachable.";
        }
        finally
        {
            channel.Writer.TryComplete();
        }

        await render.ConfigureAwait(false);
        output.Result(exitCode, message);
        return exitCode;
    }
}
