namespace EfSafeMigrations.Running;

/// <summary>How a backfill runs.</summary>
/// <param name="BatchSize">Rows per batch.</param>
public sealed record BackfillSettings(int BatchSize);
