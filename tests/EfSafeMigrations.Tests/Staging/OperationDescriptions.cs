using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Staging;

/// <summary>One short line per operation, so a test states a phase's operations as a readable list.</summary>
public static class OperationDescriptions
{
    public static IReadOnlyList<string> Describe(IEnumerable<MigrationOperation> operations) => operations.Select(Describe).ToList();

    public static string Describe(MigrationOperation operation) => operation switch
    {
        AddColumnOperation c => $"AddColumn {c.Table}.{c.Name} {c.ColumnType} {(c.IsNullable ? "NULL" : "NOT NULL")}{Default(c)}",
        DropColumnOperation c => $"DropColumn {c.Table}.{c.Name}",
        AlterColumnOperation c => $"AlterColumn {c.Table}.{c.Name} {c.ColumnType} {(c.IsNullable ? "NULL" : "NOT NULL")}{Default(c)}",
        RenameColumnOperation c => $"RenameColumn {c.Table}.{c.Name} -> {c.NewName}",
        CreateTableOperation t => $"CreateTable {t.Name}",
        DropTableOperation t => $"DropTable {t.Name}",
        RenameTableOperation t => $"RenameTable {t.Name} -> {t.NewName}",
        CreateIndexOperation i => $"CreateIndex {i.Name} on {i.Table}({string.Join(", ", i.Columns)}){(i.IsUnique ? " unique" : string.Empty)}",
        DropIndexOperation i => $"DropIndex {i.Name}",
        RenameIndexOperation i => $"RenameIndex {i.Name} -> {i.NewName}",
        AddForeignKeyOperation k => $"AddForeignKey {k.Name}{(k[SafeAnnotationNames.NotValid] is true ? " NOT VALID" : string.Empty)}",
        DropForeignKeyOperation k => $"DropForeignKey {k.Name}",
        AddCheckConstraintOperation k => $"AddCheckConstraint {k.Name}{(k[SafeAnnotationNames.NotValid] is true ? " NOT VALID" : string.Empty)}",
        DropCheckConstraintOperation k => $"DropCheckConstraint {k.Name}",
        AddUniqueConstraintOperation k => $"AddUniqueConstraint {k.Name}",
        DropUniqueConstraintOperation k => $"DropUniqueConstraint {k.Name}",
        AddPrimaryKeyOperation k => $"AddPrimaryKey {k.Name}",
        DropPrimaryKeyOperation k => $"DropPrimaryKey {k.Name}",
        InsertDataOperation d => $"InsertData {d.Table}",
        UpdateDataOperation d => $"UpdateData {d.Table}",
        DeleteDataOperation d => $"DeleteData {d.Table}",
        BackfillOperation b => $"Backfill {b.Table}.{b.Column} = {b.ValueSql} by ({string.Join(", ", b.KeyColumns)})",
        AddFillTriggerOperation f => $"AddFillTrigger {f.Table}.{f.Column} = {f.ValueSql}{(f.RecomputeOnUpdate ? " recompute" : string.Empty)}",
        DropFillTriggerOperation f => $"DropFillTrigger {f.Table}.{f.Column}",
        AddRenameSyncTriggerOperation s => $"AddRenameSyncTrigger {s.Table}.{s.OldColumn} <-> {s.NewColumn}",
        DropRenameSyncTriggerOperation s => $"DropRenameSyncTrigger {s.Table}.{s.OldColumn} <-> {s.NewColumn}",
        SetNotNullOperation n => $"SetNotNull {n.Table}.{n.Column}",
        ValidateConstraintOperation v => $"ValidateConstraint {v.Name}",
        CreateRenameViewOperation v => $"CreateRenameView {v.NewName} over {v.Table}",
        DropRenameViewOperation v => $"DropRenameView {v.NewName}",
        RenameConstraintOperation r => $"RenameConstraint {r.Name} -> {r.NewName}",
        _ => operation.GetType().Name,
    };

    private static string Default(ColumnOperation column)
        => column.DefaultValueSql != null ? $" DEFAULT {column.DefaultValueSql}"
            : column.DefaultValue != null ? $" DEFAULT '{column.DefaultValue}'"
            : string.Empty;
}
