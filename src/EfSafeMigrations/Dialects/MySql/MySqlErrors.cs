using System.Data.Common;

namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// The server's error numbers, read from the driver's exception by name (MySqlConnector's and Oracle's
/// MySql.Data both call it <c>Number</c>), so the library needs no reference to either driver.
/// </summary>
internal static class MySqlErrors
{
    /// <summary>ER_LOCK_WAIT_TIMEOUT: a metadata or row lock was not granted within the lock wait timeout.</summary>
    public const int LockWaitTimeout = 1205;

    /// <summary>ER_LOCK_DEADLOCK.</summary>
    public const int Deadlock = 1213;

    /// <summary>ER_LOCK_NOWAIT: a lock was not free and the statement said NOWAIT.</summary>
    public const int LockNoWait = 3572;

    /// <summary>ER_ALTER_OPERATION_NOT_SUPPORTED: the ALGORITHM asked for cannot run the change.</summary>
    public const int AlgorithmNotSupported = 1845;

    /// <summary>ER_ALTER_OPERATION_NOT_SUPPORTED_REASON: the same, with the reason.</summary>
    public const int AlgorithmNotSupportedReason = 1846;

    public static int? Number(DbException error)
        => error.GetType().GetProperty("Number")?.GetValue(error) is int number ? number : null;
}
