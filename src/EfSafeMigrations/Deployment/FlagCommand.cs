using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Deployment;

/// <summary><c>dotnet safe-migrate flag</c>: sets one deployment flag by hand (an approval gate, a kill switch), or lists them.</summary>
public static class FlagCommand
{
    /// <summary>Sets <paramref name="name"/> on or off (or, with no name, lists every flag); returns the exit code and message.</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="dialect">The database's dialect.</param>
    /// <param name="name">The flag; null lists them.</param>
    /// <param name="enabled">On or off.</param>
    /// <param name="events">Where the flags are reported.</param>
    public static async Task<(int ExitCode, string Message)> RunAsync(DbConnection connection, DatabaseDialect dialect, string? name, bool enabled, IRunnerEvents events)
    {
        var flags = new FlagStore(connection, dialect.Deployment);
        if (name != null)
        {
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                throw new RunnerRefusal(ExitCodes.Usage, $"'{name}' is not a flag name: use a name without spaces, for example AddEmail.contract-approved.");
            }

            await flags.EnsureCreatedAsync(CancellationToken.None).ConfigureAwait(false);
            await flags.WriteAsync(name, enabled, $"flag set by {Environment.UserName} on {Environment.MachineName}", CancellationToken.None).ConfigureAwait(false);
        }

        var all = await flags.ReadAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var flag in all.Where(f => name == null || f.Name == name))
        {
            events.Report(new FlagStatusEvent(flag.Name, flag.Enabled, flag.SetBy, flag.UpdatedAt));
        }

        return (ExitCodes.Done, name != null ? $"Flag {name} is {(enabled ? "on" : "off")}." : $"{all.Count} flags.");
    }
}
