namespace EfSafeMigrations.Hosting;

/// <summary>Settings of the deployment flags served to Microsoft.FeatureManagement.</summary>
public sealed class SafeMigrationsFlagsOptions
{
    /// <summary>
    /// How long flags read from the database are served before they are read again; 5 seconds unless set. All
    /// callers share one read per period; a read that fails keeps the last values served (and is retried after
    /// the same period).
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (CacheDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CacheDuration), CacheDuration, "The cache duration must not be negative.");
        }
    }
}
