using System.Data.Common;
using System.Diagnostics;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Sql;

namespace EfSafeMigrations.Running;

/// <summary>
/// Keeps a DDL statement from queueing the app behind it. A DDL statement that waits for a lock makes every later
/// query on the table wait behind it, for as long as the lock timeout at most. So while an attempt runs, a watcher
/// session asks whether it waits (after a grace of 100 ms at most, in which the app's own short transactions end, then every
/// <see cref="PollInterval"/>); if it still waits, the attempt is cancelled at once, the
/// sessions it waited for are named, an autovacuum among them is cancelled where the runner's role may (never one that
/// prevents wraparound), and the guard waits outside the lock queue until they have finished their transactions, then
/// tries again. The lock timeout stays the safety net. Every DDL step of every dialect runs through it.
/// </summary>
internal sealed class LockQueueGuard(DbConnection connection, IRunnerSql sql, IRunnerEvents events, string migrationId, TimeSpan lockTimeout)
{
    // Before the lock timeout would fire, so that a long holder is met by the guard, not by a retry.
    private readonly TimeSpan _grace = TimeSpan.FromMilliseconds(Math.Min(100, lockTimeout.TotalMilliseconds / 2));
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long the guard waits for blockers in all before it gives up; a re-run starts over.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="attempt"/> (on the guarded connection) until it completes without waiting behind a blocker.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        var session = Convert.ToInt32(await AdoCommands.ScalarAsync(connection, sql.SessionId, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        // Opened before the attempt, never while the attempt may sit in the lock queue with the app behind it: a new
        // session can take long on a busy server. From the driver's pool it is the same session for the whole run.
        await using var watcher = (DbConnection)((ICloneable)connection).Clone();
        await watcher.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await RunWatchedAsync(attempt, session, watcher, cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> RunWatchedAsync<T>(Func<Task<T>> attempt, int session, DbConnection watcher, CancellationToken cancellationToken)
    {
        var waited = new Stopwatch();
        while (true)
        {
            var running = attempt();
            // Most steps are done within the grace: the watcher asks only about one that is not.
            await Task.WhenAny(running, Task.Delay(_grace, cancellationToken)).ConfigureAwait(false);
            if (running.IsCompleted)
            {
                return await running.ConfigureAwait(false);
            }

            var blockers = await BlockersAsync(watcher, session, running, cancellationToken).ConfigureAwait(false);
            if (blockers == null)
            {
                return await running.ConfigureAwait(false);
            }

            await AdoCommands.ScalarAsync(watcher, sql.CancelSession, cancellationToken, null, ("session", session)).ConfigureAwait(false);
            try
            {
                // It may have got its lock between the look and the cancel, and finished.
                return await running.ConfigureAwait(false);
            }
            catch (DbException)
            {
                // Cancelled while it waited: its transaction is rolled back, nothing of it stays.
            }

            waited.Start();
            await WaitForAsync(watcher, blockers, waited, cancellationToken).ConfigureAwait(false);
            waited.Stop();
        }
    }

    /// <summary>The sessions the attempt waits for, as soon as it waits; null when it completes without waiting.</summary>
    private async Task<string?> BlockersAsync(DbConnection watcher, int session, Task running, CancellationToken cancellationToken)
    {
        while (!running.IsCompleted)
        {
            var blockers = await AdoCommands.ScalarAsync(watcher, sql.BlockingSessions, cancellationToken, null, ("session", session)).ConfigureAwait(false) as string;
            if (!string.IsNullOrEmpty(blockers))
            {
                return blockers;
            }

            await Task.WhenAny(running, Task.Delay(PollInterval, cancellationToken)).ConfigureAwait(false);
        }

        return null;
    }

    private async Task WaitForAsync(DbConnection watcher, string sessions, Stopwatch waited, CancellationToken cancellationToken)
    {
        var blockers = await DescribeAsync(watcher, sessions, cancellationToken).ConfigureAwait(false);
        foreach (var vacuum in blockers.Where(b => b.Autovacuum))
        {
            await CancelAutovacuumAsync(watcher, vacuum, cancellationToken).ConfigureAwait(false);
        }

        TimeSpan? reported = null;
        while (true)
        {
            var still = (await DescribeAsync(watcher, sessions, cancellationToken).ConfigureAwait(false))
                .Where(now => now.Token.Length > 0 && blockers.Any(b => b.Session == now.Session && b.Token == now.Token))
                .ToList();
            if (still.Count == 0)
            {
                return;
            }

            if (waited.Elapsed >= MaxWait)
            {
                throw new TimeoutException(
                    $"{migrationId} waited {MaxWait.TotalMinutes:0} minutes for {string.Join(", ", still)} to finish its transaction; "
                    + "end that session (or wait for it), then run the same command again: finished steps are skipped.");
            }

            if (reported == null || waited.Elapsed - reported >= ReportInterval)
            {
                reported = waited.Elapsed;
                events.Report(new WaitEvent(
                    $"{migrationId} waits, outside the lock queue so the app is not held up, for {string.Join(", ", still)}", waited.Elapsed.TotalSeconds));
            }

            await Task.Delay(PollInterval * 2, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CancelAutovacuumAsync(DbConnection watcher, LockBlocker vacuum, CancellationToken cancellationToken)
    {
        if (vacuum.Wraparound)
        {
            events.Report(new MessageEvent($"{migrationId} waits for {vacuum}: an autovacuum that prevents wraparound is never cancelled"));
            return;
        }

        var right = sql.AutovacuumCancelRight is { } rightSql
            ? await AdoCommands.ScalarAsync(watcher, rightSql, cancellationToken).ConfigureAwait(false) as string
            : null;
        string refusal;
        if (!string.IsNullOrEmpty(right))
        {
            try
            {
                await AdoCommands.ScalarAsync(watcher, sql.CancelSession, cancellationToken, null, ("session", vacuum.Session)).ConfigureAwait(false);
                events.Report(new MessageEvent($"{migrationId} cancelled {vacuum} with pg_cancel_backend, which its role may use as {Right(right)}: it runs again later"));
                return;
            }
            catch (DbException error)
            {
                refusal = $"pg_cancel_backend was refused ({error.Message.Split('\n')[0]})";
            }
        }
        else
        {
            refusal = "the runner's role may not cancel it (PostgreSQL 15 to 17 let only a superuser cancel an autovacuum, 18 also a member "
                + "of pg_signal_autovacuum_worker; owning the table or pg_signal_backend is not enough)";
        }

        await InterruptAutovacuumAsync(watcher, vacuum, refusal, cancellationToken).ConfigureAwait(false);
    }

    private static string Right(string right) => right == "superuser" ? "a superuser" : "a member of " + right;

    /// <summary>
    /// Any role may have an autovacuum interrupted by the server: a lock request that conflicts with it and has waited
    /// deadlock_timeout does it. The request is one the app's reads and writes do not queue behind.
    /// </summary>
    private async Task InterruptAutovacuumAsync(DbConnection watcher, LockBlocker vacuum, string refusal, CancellationToken cancellationToken)
    {
        if (sql.AutovacuumTable is not { } tableSql
            || await AdoCommands.ScalarAsync(watcher, tableSql, cancellationToken, null, ("session", vacuum.Session)).ConfigureAwait(false) is not string table)
        {
            events.Report(new MessageEvent($"{migrationId} waits for {vacuum}: {refusal}"));
            return;
        }

        events.Report(new MessageEvent(
            $"{migrationId} waits for {vacuum}: {refusal}; so it asks for SHARE UPDATE EXCLUSIVE on {table}, which the app's reads and writes "
            + "do not wait for, and PostgreSQL interrupts an autovacuum that has held up such a request for deadlock_timeout"));
        var clock = Stopwatch.StartNew();
        await using var transaction = await watcher.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await AdoCommands.ExecuteAsync(watcher, sql.InterruptAutovacuum(table), null, cancellationToken, transaction).ConfigureAwait(false);
            events.Report(new MessageEvent(string.Create(
                System.Globalization.CultureInfo.InvariantCulture, $"{migrationId}: PostgreSQL interrupted the autovacuum of {table} (pid {vacuum.Session}) after {clock.Elapsed.TotalSeconds:0.0} s: it runs again later")));
        }
        catch (DbException error) when (sql.IsLockTimeout(error))
        {
            events.Report(new MessageEvent(string.Create(
                System.Globalization.CultureInfo.InvariantCulture, $"{migrationId}: PostgreSQL did not interrupt the autovacuum of {table} (pid {vacuum.Session}) within {clock.Elapsed.TotalSeconds:0.0} s; waiting for it to finish")));
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<LockBlocker>> DescribeAsync(DbConnection watcher, string sessions, CancellationToken cancellationToken)
    {
        await using var command = AdoCommands.Create(watcher, sql.DescribeSessions, null, ("sessions", sessions));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var blockers = new List<LockBlocker>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            blockers.Add(new LockBlocker(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetString(4),
                reader.GetBoolean(5), reader.GetBoolean(6), reader.GetString(7)));
        }

        return blockers;
    }
}
