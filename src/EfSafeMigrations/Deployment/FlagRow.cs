namespace EfSafeMigrations.Deployment;

/// <summary>One deployment flag as stored.</summary>
/// <param name="Name">The flag, for example <c>AddEmail.backfilled</c>.</param>
/// <param name="Enabled">Whether it is on.</param>
/// <param name="SetBy">Who set it last: the runner's phase, a hook, or a person.</param>
/// <param name="UpdatedAt">When, by the database's clock.</param>
public sealed record FlagRow(string Name, bool Enabled, string SetBy, DateTimeOffset UpdatedAt);
