using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0020 (warning, MySQL and MariaDB): on a server older than the dialect supports, adding or dropping a column
/// rebuilds the table instead of changing the metadata alone. ALGORITHM=INSTANT adds a column as the last one (where
/// EF Core adds it) from MariaDB 10.3.2 and MySQL 8.0.12, and drops one from MariaDB 10.4 and MySQL 8.0.29. Silent
/// without <see cref="LintSettings.MySqlServer"/>, which then assumes a release the dialect supports.
/// </summary>
public sealed class ColumnRebuildOnOlderMySqlRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0020";

    /// <inheritdoc />
    public override string Title => "Column added or dropped by a table rebuild on an older MySQL or MariaDB";

    /// <inheritdoc />
    public override LintSeverity Severity => LintSeverity.Warning;

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
    {
        if (!settings.IsMySql || settings.MySqlServer is not { HasInstantAddAndDropAnywhere: false } server)
        {
            return [];
        }

        var added = server.HasInstantAddLast
            ? []
            : Each<AddColumnOperation>(target).Select(p => (p.Index, p.Operation.Table, p.Operation.Schema, p.Operation.Name, Change: "AddColumn",
                Since: "adds a column (as the last one, where EF Core adds it) from MariaDB 10.3.2 and MySQL 8.0.12 on"));
        var dropped = Each<DropColumnOperation>(target).Select(p => (p.Index, p.Operation.Table, p.Operation.Schema, p.Operation.Name, Change: "DropColumn",
            Since: "drops a column from MariaDB 10.4 and MySQL 8.0.29 on"));
        return added.Concat(dropped)
            .Where(c => !CreatesTable(target, c.Table, c.Schema))
            .OrderBy(c => c.Index)
            .Select(c => Report(target, c.Index, c.Table, c.Name,
                $"On {server}, {c.Change} {Name(c.Table, c.Schema)}.{c.Name} rebuilds the whole table (in place: writes go on, but it takes as long as a copy of the table); ALGORITHM=INSTANT {c.Since}.",
                "Upgrade the server (options.UseSafeMigrations() needs MariaDB 10.4 or MySQL 8.0.29 and refuses older ones), or run the migration in a quiet window."));
    }
}
