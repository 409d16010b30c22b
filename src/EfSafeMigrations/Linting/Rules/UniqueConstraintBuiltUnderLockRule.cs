using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0005: a unique constraint or primary key builds its index under an exclusive lock. Not on MySQL and MariaDB: a
/// unique index is built in place while writes go on, and a primary key on NOT NULL columns (as EF Core's keys are)
/// rebuilds the table in place while writes go on (ALGORITHM=INPLACE, LOCK=NONE); with online DDL, though, a primary key
/// changed on an existing table is reported there, since the deploy refuses it (Pomelo writes it with its migrator's procedures).
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
        if (settings.IsMySql)
        {
            return settings.OnlineDdl ? PrimaryKeyChanges(target, settings) : [];
        }

        if (settings.OnlineDdl)
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

    /// <summary>On MySQL with online DDL: a primary key added to or dropped from an existing table, which the deploy refuses.</summary>
    private IEnumerable<LintDiagnostic> PrimaryKeyChanges(LintTarget target, LintSettings settings)
        => Each<AddPrimaryKeyOperation>(target).Select(p => (p.Index, p.Operation.Name, p.Operation.Table, p.Operation.Schema))
            .Concat(Each<DropPrimaryKeyOperation>(target).Select(p => (p.Index, p.Operation.Name, p.Operation.Table, p.Operation.Schema)))
            .Where(k => !CreatesTable(target, k.Table, k.Schema) && settings.Dialect.PrimaryKeyChangeRefusal(Name(k.Table, k.Schema)) != null)
            .Select(k => Report(target, k.Index, k.Table, null,
                settings.Dialect.PrimaryKeyChangeRefusal(Name(k.Table, k.Schema))!,
                "With options.UseSafeMigrations() the deploy refuses this migration (exit code 3, nothing changed). Follow the recipe; if you apply it with plain EF Core in a maintenance window, suppress: [SuppressSafeMigrationRule(\"ESM0005\", \"why\")].",
                k.Name));
}
