using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0008: ADD COLUMN with a default that rewrites the table: a volatile default on any version, or
/// any default before PostgreSQL 11. On MySQL and MariaDB, an expression default (anything but a literal or
/// CURRENT_TIMESTAMP) makes the server copy the table.
/// </summary>
public sealed class RewritingDefaultRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0008";

    /// <inheritdoc />
    public override string Title => "Column added with a default that rewrites the table";

    private const string Staged = "Let dotnet ef migrations add stage it (nullable column, the default for new rows, a batched backfill, NOT NULL in Contract), or do those steps by hand.";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.IsMySql
            ? Each<AddColumnOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema)
                    && p.Operation.DefaultValueSql is { } sql && settings.Dialect.IsVolatileDefault(sql))
                .Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                    $"Adding {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} with the expression default {p.Operation.DefaultValueSql} copies the table (ALGORITHM=COPY): writes to {Name(p.Operation.Table, p.Operation.Schema)} wait for the whole copy. MySQL and MariaDB add a column instantly only with a literal default or CURRENT_TIMESTAMP.",
                    Staged))
            : Each<AddColumnOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema))
                .Where(p => p.Operation.DefaultValueSql is { } sql && settings.Dialect.IsVolatileDefault(sql)
                    || settings.ServerVersion is < 11 && (p.Operation.DefaultValue != null || p.Operation.DefaultValueSql != null))
                .Select(p => Report(target, p.Index, p.Operation.Table, p.Operation.Name,
                    settings.ServerVersion is < 11
                        ? $"Adding {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} with a default rewrites the whole table under an ACCESS EXCLUSIVE lock on PostgreSQL {settings.ServerVersion}."
                        : $"Adding {Name(p.Operation.Table, p.Operation.Schema)}.{p.Operation.Name} with the volatile default {p.Operation.DefaultValueSql} rewrites the whole table under an ACCESS EXCLUSIVE lock.",
                    Staged));
}
