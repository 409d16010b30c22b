namespace EfSafeMigrations.Running;

/// <summary>One row of the runner's state table.</summary>
/// <param name="Migration">The migration id.</param>
/// <param name="Step">"migration" for the migration itself, "backfill:N" for its N-th backfill.</param>
/// <param name="Status">"running", "done", "failed" or "stopped".</param>
/// <param name="RowsDone">Rows visited, for a backfill.</param>
/// <param name="Checkpoint">A backfill's checkpoint (see <see cref="CheckpointCodec"/>).</param>
/// <param name="Error">The last error, scrubbed of secrets.</param>
public sealed record RunnerStateRow(string Migration, string Step, string Status, long RowsDone = 0, string? Checkpoint = null, string? Error = null);
