using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting;

/// <summary>One migration to lint.</summary>
/// <param name="MigrationId">Its id.</param>
/// <param name="Phase">Its phase, or null for a migration that is not staged.</param>
/// <param name="Operations">Its Up operations.</param>
/// <param name="Suppressed">Codes suppressed for the whole migration (<see cref="SuppressSafeMigrationRuleAttribute"/>).</param>
/// <param name="Source">
/// The migration's C# source when its file was found (<c>&lt;id&gt;.cs</c> under the project), or null: rules that compare the
/// operations with what the source writes (raw SQL read from a file) say nothing without it.
/// </param>
public sealed record LintTarget(
    string MigrationId, MigrationPhase? Phase, IReadOnlyList<MigrationOperation> Operations, IReadOnlySet<string> Suppressed, string? Source = null);
