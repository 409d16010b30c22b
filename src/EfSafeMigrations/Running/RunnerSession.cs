using System.Data.Common;
using System.Reflection;
using EfSafeMigrations.Running.Protocol;
using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Running;

/// <summary>One request in a runner host: loads the app's assemblies, creates its context, runs, and turns every failure into a clear result.</summary>
internal sealed class RunnerSession(RunnerRequest request, JsonLineEventSink events)
{
    private string? _server;
    private string? _connectionString;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        try
        {
            var assembly = Load(request.Assembly);
            var startup = request.StartupAssembly == null ? assembly : Load(request.StartupAssembly);
            await using var context = ContextFactory.Create(assembly, startup, request.Context);
            if (request.Connection != null)
            {
                context.Database.SetConnectionString(request.Connection);
            }
            else
            {
                ConfiguredConnection.Check(context);
            }

            _server = DatabaseServerName.Describe(context.Database.GetDbConnection());
            _connectionString = context.Database.GetConnectionString();

            return await new SafeMigrationRunner(context, request.Settings, events).RunAsync(request, stop).ConfigureAwait(false);
        }
        catch (RunnerRefusal refusal)
        {
            return events.Finish(refusal.ExitCode, Scrub(refusal.Message));
        }
        catch (Exception error) when (Chain(error).FirstOrDefault(e => e is DbException or System.Net.Sockets.SocketException or TimeoutException) is { } database)
        {
            var advice = DatabaseErrorAdvice.For(error, _connectionString);
            return events.Finish(ExitCodes.Failed,
                Scrub((advice == null
                    ? $"The database{_server} could not be used: {Describe(database)} Check the connection string (--connection or SAFE_MIGRATE_CONNECTION) and that the server is reachable."
                    : $"The database{_server} refused the runner: {Describe(database)} {advice}")
                    + (request.Command is not (RunnerCommand.Phase or RunnerCommand.Rollback)
                        ? string.Empty
                        : events.StepStarted
                            ? " What was applied stays applied and recorded: run the same command again to go on from there."
                            : " No migration had started: run the same command again once that is fixed.")));
        }
        catch (BadImageFormatException)
        {
            return events.Finish(ExitCodes.Usage, Scrub($"{request.Assembly} is not a .NET assembly: give the app's built dll (bin/.../YourApp.dll) with --assembly."));
        }
        catch (Exception error)
        {
            var root = error.GetBaseException();
            return events.Finish(ExitCodes.Failed, Scrub($"{root.GetType().Name}: {root.Message}"));
        }
    }

    private static string Describe(Exception error)
    {
        var cause = error.GetBaseException();
        var message = error.Message.TrimEnd('.');
        return ReferenceEquals(cause, error) || message.Contains(cause.Message, StringComparison.Ordinal) ? message + "." : $"{message} ({cause.Message}).";
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? current = error; current != null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private string Scrub(string text)
        => request.Settings.Replicas.Aggregate(SecretScrubber.Scrub(text, request.Connection), (scrubbed, replica) => SecretScrubber.Scrub(scrubbed, replica));

    private static Assembly Load(string path)
        => File.Exists(path)
            ? Assembly.LoadFrom(Path.GetFullPath(path))
            : throw new RunnerRefusal(ExitCodes.Usage, $"Assembly '{path}' does not exist. Build the project first, or pass the built assembly's path with --assembly.");
}
