using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Sql;

/// <summary>
/// Runs an <see cref="OnlineAlterStep"/>: nothing when the change is already made, else each attempt in turn under
/// the lock timeout, moving on only when the server says it cannot run the attempt without copying more than it
/// allows; refused, with nothing changed, when no attempt is possible.
/// </summary>
internal static class OnlineAlter
{
    public static async Task<int> RunAsync(DbConnection connection, DatabaseDialect dialect, OnlineAlterStep step, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        if (step.DoneWhen != null && AdoCommands.IsTrue(await AdoCommands.ScalarAsync(connection, step.DoneWhen, cancellationToken).ConfigureAwait(false)))
        {
            return 0;
        }

        var refusals = new List<string>();
        foreach (var attempt in step.Attempts)
        {
            try
            {
                return await SessionLockTimeout.RunAsync(
                    connection, dialect, lockTimeout, () => AdoCommands.ExecuteAsync(connection, attempt, 0, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            catch (DbException error) when (dialect.IsCopyRequired(error))
            {
                refusals.Add(error.Message);
            }
            finally
            {
                if (step.Reset != null)
                {
                    await AdoCommands.ExecuteAsync(connection, step.Reset, null, CancellationToken.None).ConfigureAwait(false);
                }
            }
        }

        throw new RunnerRefusal(ExitCodes.Refused, $"{step.Refusal} (the server: {string.Join(" / ", refusals)})");
    }

    /// <summary>Runs a <see cref="CheckStep"/>: fails with its message when its query counts offending rows.</summary>
    public static async Task<int> CheckAsync(DbConnection connection, CheckStep step, CancellationToken cancellationToken)
    {
        var offending = Convert.ToInt64(await AdoCommands.ScalarAsync(connection, step.Query, cancellationToken).ConfigureAwait(false) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        return offending == 0 ? 0 : throw new InvalidOperationException(string.Format(System.Globalization.CultureInfo.InvariantCulture, step.Failure, offending));
    }
}
