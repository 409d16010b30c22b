namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>
/// A process to run: its file and arguments, never a shell line. It gets the event in environment
/// variables (<c>SAFE_MIGRATE_EVENT</c>, <c>SAFE_MIGRATE_PHASE</c>, <c>SAFE_MIGRATE_GROUP</c>,
/// <c>SAFE_MIGRATE_MIGRATION</c>, <c>SAFE_MIGRATE_DATABASE</c>) beside <see cref="Environment"/>.
/// </summary>
/// <param name="Run">The executable: a name looked up on PATH, or a path (relative paths resolve against the configuration file's folder).</param>
/// <param name="Args">Its arguments, each passed as one argument.</param>
/// <param name="Environment">Extra environment variables.</param>
/// <param name="WorkingDirectory">Where it runs; the configuration file's folder by default.</param>
/// <param name="Timeout">How long it may run before it is killed and counts as failed.</param>
public sealed record CommandSpec(
    string Run, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Environment, string WorkingDirectory, TimeSpan Timeout);
