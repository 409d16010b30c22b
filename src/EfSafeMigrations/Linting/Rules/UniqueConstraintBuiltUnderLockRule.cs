using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0005: a unique constraint or primary key builds its index under an exclusive lock. Not on MySQL and MariaDB: a
/// unique index is built in place while writes go on, and a primary key on NOT NULL columns (as EF Core's keys are)
/// rebuilds the table in place while writes go on (ALGORITHM=INPLACE, LOCK=NONE).
/// </summary>
public sealed class UniqueConstraintBuiltUnderLockRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0005";

    /// <inheritdoc />
    public override string Title => "Unique key built under an exclusive lock";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
    {
        if (settings.OnlineDdl || settings.IsMySql)
        {
            return [];
        }

        var unique = Each<AddUniqueConstraintOperation>(target).Select(p => (p.Index, p.Operation.Name, p.Operation.Table, p.Operation.Schema, p.Operation.Columns, Kind: "UNIQUE"));
        var keys = Each<AddPrimaryKeyOperation>(target).Select(p => (p.Index, p.Operation.Name, p.Operation.Table, p.Operation.Schema, p.Operation.Columns, Kind: "PRIMARY KEY"));
        return unique.Concat(keys)
            .Where(k => !CreatesTable(target, k.Table, k.Schema))
            .Select(k => Report(target, k.Index, k.Table, null,
                $"Adding {k.Kind} constraint {k.Name} builds its index on {k.Table} under an ACCESS EXCLUSIVE lock.",
                $"Use options.UseSafeMigrations() (index built concurrently, then ADD CONSTRAINT ... USING INDEX), or: CREATE UNIQUE INDEX CONCURRENTLY \"{k.Name}\" ON \"{k.Table}\" ({string.Join(", ", k.Columns.Select(c => "\"" + c + "\""))}); then ALTER TABLE \"{k.Table}\" ADD CONSTRAINT \"{k.Name}\" {k.Kind} USING INDEX \"{k.Name}\";",
                k.Name));
    }
}
