namespace EfSafeMigrations.Hosting;

/// <summary>Settings of an app instance's heartbeat in the instance registry.</summary>
public sealed class SafeMigrationsHeartbeatOptions
{
    /// <summary>How often the instance refreshes its row; 15 seconds unless set. The contract gate counts an instance as gone once it has been silent for several intervals.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The app's name in the registry; the entry assembly's name unless set.</summary>
    public string? App { get; set; }

    /// <summary>How long a graceful stop waits to remove the instance's row before giving up (the row then ages out); 10 seconds unless set.</summary>
    public TimeSpan RemoveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (Interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "The heartbeat interval must be positive.");
        }

        if (RemoveTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RemoveTimeout), RemoveTimeout, "The remove timeout must be positive.");
        }
    }
}
