using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0002: DROP INDEX takes an exclusive lock on the table. Not on MySQL and MariaDB, where dropping an index changes
/// only the metadata, in place, while reads and writes go on.
/// </summary>
public sealed class BlockingDropIndexRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0002";

    /// <inheritdoc />
    public override string Title => "Index dropped under an exclusive lock";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.OnlineDdl || settings.IsMySql
            ? []
            : Each<DropIndexOperation>(target).Select(p => Report(target, p.Index, p.Operation.Table, null,
                $"DropIndex {p.Operation.Name} takes an ACCESS EXCLUSIVE lock on {p.Operation.Table}, blocking reads and writes while it waits and runs.",
                $"Use options.UseSafeMigrations() (it drops indexes CONCURRENTLY), or: migrationBuilder.Sql(\"DROP INDEX CONCURRENTLY IF EXISTS \\\"{p.Operation.Name}\\\";\", suppressTransaction: true);",
                p.Operation.Name));
}
