using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting;

/// <summary>One migration to lint.</summary>
/// <param name="MigrationId">Its id.</param>
/// <param name="Phase">Its phase, or null for a migration that is not staged.</param>
/// <param name="Operations">Its Up operations.</param>
/// <param name="Suppressed">Codes suppressed for the whole migration (<see cref="SuppressSafeMigrationRuleAttribute"/>).</param>
public sealed record LintTarget(string MigrationId, MigrationPhase? Phase, IReadOnlyList<MigrationOperation> Operations, IReadOnlySet<string> Suppressed);
