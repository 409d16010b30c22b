namespace EfSafeMigrations.Running;

/// <summary>
/// The runner's database lock is no longer held (its session ended: terminated, the server restarted, the network
/// dropped it): the run must stop before its next step, since another runner may now take the lock.
/// </summary>
/// <param name="message">What was lost and why.</param>
/// <param name="cause">The error the lock's session gave.</param>
internal sealed class LockLostException(string message, Exception cause) : InvalidOperationException(message, cause);
