using EfSafeMigrations.Planning;

namespace EfSafeMigrations.Running;

/// <summary>A gap between two runs of a migration's steps (see <see cref="StepExecutor.AfterEachRun"/>).</summary>
/// <param name="MigrationId">The migration being applied.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="RunsDone">How many runs have committed (1 after the first).</param>
/// <param name="Runs">How many runs the migration has.</param>
/// <param name="LastRun">The steps of the run that just committed.</param>
internal sealed record StepPause(string MigrationId, MigrationPhase Phase, int RunsDone, int Runs, IReadOnlyList<PlanStep> LastRun);
