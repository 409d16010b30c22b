using EfSafeMigrations.Dialects.PostgreSql;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0007: a column type change that rewrites the table under an exclusive lock. timestamp to timestamptz is
/// told apart (metadata only under TimeZone UTC on PostgreSQL 12+), and so is a new length limit (a rewrite that a
/// check constraint avoids). On MySQL and MariaDB every type change but a longer VARCHAR whose length prefix keeps its size
/// copies the table with writes blocked, and the runner refuses it. Silent, with online DDL, for a change the developer
/// assured (<c>.IsSafetyAssured("why")</c>, carried by the staged AlterColumn).
/// </summary>
public sealed class RewritingTypeChangeRule : LintRule
{
    /// <summary>The oldest PostgreSQL major the linter assumes when the server version is not given.</summary>
    private const int OldestSupported = 14;

    /// <inheritdoc />
    public override string Code => "ESM0007";

    /// <inheritdoc />
    public override string Title => "Type change rewrites the table";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => Each<AlterColumnOperation>(target)
            .Where(p => p.Operation.ColumnType is { } type && p.Operation.OldColumn.ColumnType is { } old
                && !string.Equals(type, old, StringComparison.OrdinalIgnoreCase)
                && !settings.Dialect.IsMetadataOnlyTypeChange(old, type)
                && !(p.Operation[SafeAnnotationNames.SafetyAssured] is string && settings.OnlineDdl))
            .Select(p => Finding(target, settings, p.Operation, p.Index))
            .OfType<LintDiagnostic>();

    private LintDiagnostic? Finding(LintTarget target, LintSettings settings, AlterColumnOperation alter, int index)
    {
        var column = $"{Name(alter.Table, alter.Schema)}.{alter.Name}";
        var change = $"Changing {column} from {alter.OldColumn.ColumnType} to {alter.ColumnType}";
        if (settings.IsMySql)
        {
            return Report(target, index, alter.Table, alter.Name,
                $"{change} copies the table (ALGORITHM=COPY: MySQL and MariaDB change a column's type in place only for a longer VARCHAR whose length prefix keeps its size): writes to {Name(alter.Table, alter.Schema)} wait for the whole copy, and the old version, which maps the old type, may fail on the new one.",
                "Add a new property and column of the new type, fill it (.HasBackfillSql(...)), switch reads, then drop the old column in a later change. With options.UseSafeMigrations() the deploy refuses a copying ALTER unless the property says .IsSafetyAssured(\"why\") (then it copies the table, saying so); without it, if the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0007\", \"why\")].");
        }

        if (settings.Dialect.IsMetadataOnlyUnderUtc(alter.OldColumn.ColumnType!, alter.ColumnType!))
        {
            return TimestampToTimestamptz(target, settings, alter, index, change);
        }

        if (PostgreSqlStagingFacts.NewLengthLimit(alter.OldColumn.ColumnType!, alter.ColumnType!) is { } limit)
        {
            return Report(target, index, alter.Table, alter.Name,
                $"{change} checks every value's length and rewrites the table under an ACCESS EXCLUSIVE lock (no shortcut for a new length limit, even when every value fits).",
                $"Keep the column {alter.OldColumn.ColumnType} and limit it with a check constraint, added NOT VALID and then validated (VALIDATE holds only a SHARE UPDATE EXCLUSIVE lock: reads and writes go on): .HasColumnType(\"{alter.OldColumn.ColumnType}\") on the property, and ToTable(t => t.HasCheckConstraint(\"CK_{alter.Table}_{alter.Name}_Length\", \"char_length(\\\"{alter.Name}\\\") <= {limit}\")) with options.UseSafeMigrations() (it adds the check NOT VALID, then validates it). If the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0007\", \"why\")].");
        }

        return Report(target, index, alter.Table, alter.Name,
            $"{change} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and the old version cannot read the new type.",
            "Add a new property and column of the new type, fill it (.HasBackfillSql(...)), switch reads, then drop the old column in a later change. If the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0007\", \"why\")].");
    }

    private LintDiagnostic? TimestampToTimestamptz(LintTarget target, LintSettings settings, AlterColumnOperation alter, int index, string change)
    {
        var version = settings.ServerVersion ?? OldestSupported;
        var local = $"If the values are local times of another zone, add a new timestamptz column filled with \"{alter.Name}\" AT TIME ZONE '<their zone>' (.HasBackfillSql(...)), switch, then drop the old column.";
        if (version < 12)
        {
            return Report(target, index, alter.Table, alter.Name,
                $"{change} rewrites the table and its indexes under an ACCESS EXCLUSIVE lock on PostgreSQL {version}, whatever the session TimeZone (the change is metadata only under TimeZone UTC from PostgreSQL 12 on); the stored values are read in the session's TimeZone.",
                "Upgrade first, or add a new timestamptz column, fill it (.HasBackfillSql(...)), switch reads, then drop the old column. " + local);
        }

        if (alter[SafeAnnotationNames.ValuesInUtc] is true && settings.OnlineDdl)
        {
            return null;
        }

        return Report(target, index, alter.Table, alter.Name,
            $"{change} reads the stored values in the session's TimeZone: under TimeZone UTC, PostgreSQL 12 and later change only the catalogue (the table is not rewritten; indexes on the column are rebuilt under the ACCESS EXCLUSIVE lock), under any other zone (even one at UTC+0 in winter, such as Europe/London) it rewrites the table and its indexes under an ACCESS EXCLUSIVE lock and every value is read as a time of that zone.",
            $"If every stored value is UTC, say so: .HasValuesInUtc() on the property and scaffold again, or .Annotation(\"{SafeAnnotationNames.ValuesInUtc}\", true) on this AlterColumn; with options.UseSafeMigrations() it then runs under TimeZone UTC, without a rewrite. " + local);
    }
}
