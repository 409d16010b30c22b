namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// The lock wait bounds of a session. Both are whole seconds, so a DDL statement under a lock timeout below a second
/// does not wait at all (<c>lock_wait_timeout = 0</c>: MariaDB then refuses at once, as <c>NOWAIT</c> does; MySQL,
/// whose smallest is 1 s, waits a second) and is asked again every <see cref="PollInterval"/> until the timeout has
/// passed. Row locks (a backfill batch) wait at least the server's smallest, one second.
/// </summary>
internal static class MySqlLockTimeout
{
    public const string Reset = "SET SESSION lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT;";

    public static TimeSpan PollInterval { get; } = TimeSpan.FromMilliseconds(25);

    /// <summary>For DDL: metadata locks not waited for under a second, row locks at least a second.</summary>
    public static string SetForDdl(TimeSpan timeout)
        => $"SET SESSION lock_wait_timeout = {(timeout < TimeSpan.FromSeconds(1) ? 0 : Seconds(timeout))}, SESSION innodb_lock_wait_timeout = {Seconds(timeout)};";

    /// <summary>For a transaction's statements (a backfill batch): both waits in whole seconds, at least one.</summary>
    public static string Set(TimeSpan timeout)
        => $"SET SESSION lock_wait_timeout = {Seconds(timeout)}, SESSION innodb_lock_wait_timeout = {Seconds(timeout)};";

    private static long Seconds(TimeSpan timeout) => Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds));
}
