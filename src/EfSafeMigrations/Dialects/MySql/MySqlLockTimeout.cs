namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// The lock wait bounds of a session. Both are whole seconds (MySQL's smallest is 1 s), so a timeout under a second
/// waits one second.
/// </summary>
internal static class MySqlLockTimeout
{
    public const string Reset = "SET SESSION lock_wait_timeout = DEFAULT, SESSION innodb_lock_wait_timeout = DEFAULT;";

    public static string Set(TimeSpan timeout)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(timeout.TotalSeconds));
        return $"SET SESSION lock_wait_timeout = {seconds}, SESSION innodb_lock_wait_timeout = {seconds};";
    }
}
