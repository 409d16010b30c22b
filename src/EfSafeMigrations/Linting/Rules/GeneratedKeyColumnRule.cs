using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0017: an identity or serial column added to an existing table rewrites it under an exclusive lock. On MySQL and
/// MariaDB an AUTO_INCREMENT column rebuilds the table, and not with LOCK=NONE, so writes wait for the rebuild.
/// </summary>
public sealed class GeneratedKeyColumnRule : LintRule
{
    private const string Recipe = "Create a new table with the generated key, copy the rows in batches, and switch (the rename-table recipe).";

    /// <inheritdoc />
    public override string Code => "ESM0017";

    /// <inheritdoc />
    public override string Title => "Identity or serial column added to an existing table";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.IsMySql
            ? Each<AddColumnOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema)
                    && (p.Operation["MySql:ValueGenerationStrategy"]?.ToString()?.Contains("Identity", StringComparison.Ordinal) == true
                        || p.Operation.ColumnType?.Contains("auto_increment", StringComparison.OrdinalIgnoreCase) == true))
                .Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                    $"Adding the AUTO_INCREMENT column {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} numbers every existing row, rebuilding the table: MySQL and MariaDB cannot do it with LOCK=NONE, so writes to {Name(p.Operation.Table, p.Operation.Schema)} wait for the whole rebuild.",
                    Recipe))
            : Each<AddColumnOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema)
                    && (p.Operation["Npgsql:ValueGenerationStrategy"]?.ToString()?.Contains("Identity", StringComparison.Ordinal) == true
                        || p.Operation["Npgsql:ValueGenerationStrategy"]?.ToString()?.Contains("Serial", StringComparison.Ordinal) == true
                        || p.Operation.ColumnType is "serial" or "bigserial" or "smallserial"))
                .Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                    $"Adding the generated column {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} fills every existing row, rewriting the table under an ACCESS EXCLUSIVE lock.",
                    Recipe));
}
