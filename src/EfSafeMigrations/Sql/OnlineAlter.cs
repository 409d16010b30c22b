using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Sql;

/// <summary>
/// Runs an <see cref="OnlineAlterStep"/>: nothing when the change is already made, else each attempt in turn under
/// the lock timeout, moving on only when the server says it cannot run the attempt without copying more than it
/// allows; then, for a change the developer assured, the attempts that block writes, saying so first; refused, with
/// nothing changed, when no attempt is possible.
/// </summary>
internal static class OnlineAlter
{
    public static async Task<int> RunAsync(
        DbConnection connection, DatabaseDialect dialect, OnlineAlterStep step, TimeSpan lockTimeout, CancellationToken cancellationToken, Action<string>? notice = null)
    {
        if (step.DoneWhen != null && AdoCommands.IsTrue(await AdoCommands.ScalarAsync(connection, step.DoneWhen, cancellationToken).ConfigureAwait(false)))
        {
            return 0;
        }

        var refusals = new List<string>();
        if (await TryEachAsync(connection, dialect, step, step.Attempts, lockTimeout, refusals, cancellationToken).ConfigureAwait(false))
        {
            return 0;
        }

        if (step.Assured is { } assured)
        {
            notice?.Invoke($"{assured.Notice} (the server: {string.Join(" / ", refusals)})");
            if (await TryEachAsync(connection, dialect, step, assured.Attempts, lockTimeout, refusals, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }

        throw new RunnerRefusal(ExitCodes.Refused, $"{step.Refusal} (the server: {string.Join(" / ", refusals)})");
    }

    /// <summary>Runs the first of <paramref name="attempts"/> the server accepts; false, each refusal added to <paramref name="refusals"/>, when it accepts none.</summary>
    private static async Task<bool> TryEachAsync(
        DbConnection connection, DatabaseDialect dialect, OnlineAlterStep step, IReadOnlyList<string> attempts, TimeSpan lockTimeout, List<string> refusals, CancellationToken cancellationToken)
    {
        foreach (var attempt in attempts)
        {
            try
            {
                await SessionLockTimeout.RunAsync(
                    connection, dialect, lockTimeout, () => AdoCommands.ExecuteAsync(connection, attempt, 0, cancellationToken), cancellationToken).ConfigureAwait(false);
                return true;
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

        return false;
    }

    /// <summary>Runs a <see cref="CheckStep"/>: fails with its message when its query counts offending rows.</summary>
    public static async Task<int> CheckAsync(DbConnection connection, CheckStep step, CancellationToken cancellationToken)
    {
        var offending = Convert.ToInt64(await AdoCommands.ScalarAsync(connection, step.Query, cancellationToken).ConfigureAwait(false) ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        return offending == 0 ? 0 : throw new InvalidOperationException(string.Format(System.Globalization.CultureInfo.InvariantCulture, step.Failure, offending));
    }
}
