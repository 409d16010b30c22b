using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace EfSafeMigrations;

/// <summary>
/// The <see cref="MigrationBuilder"/> calls staged migrations are written with. Each adds one
/// operation; the SQL comes from the database provider's dialect when the migration runs.
/// </summary>
public static class SafeMigrationBuilderExtensions
{
    /// <summary>
    /// Fills <paramref name="column"/> with <paramref name="valueSql"/> where it is NULL, in batches
    /// along the primary key. Use it in a Backfill migration for a computed value.
    /// </summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column to fill.</param>
    /// <param name="valueSql">A SQL expression over the row's other columns.</param>
    /// <param name="keyColumns">The table's primary key columns.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    /// <param name="batchSize">Rows per batch; null for the configured default.</param>
    public static OperationBuilder<BackfillOperation> Backfill(
        this MigrationBuilder migrationBuilder,
        string table,
        string column,
        string valueSql,
        string[] keyColumns,
        string? schema = null,
        int? batchSize = null)
        => Add(migrationBuilder, new BackfillOperation
        {
            Table = table, Column = column, ValueSql = valueSql, KeyColumns = keyColumns, Schema = schema, BatchSize = batchSize,
        });

    /// <summary>Adds a trigger that fills <paramref name="column"/> with <paramref name="valueSql"/> on writes that leave it NULL.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column to fill.</param>
    /// <param name="valueSql">A SQL expression over the row's columns.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    /// <param name="recomputeOnUpdate">Also recompute on updates that leave the column unchanged.</param>
    public static OperationBuilder<AddFillTriggerOperation> AddFillTrigger(
        this MigrationBuilder migrationBuilder,
        string table,
        string column,
        string valueSql,
        string? schema = null,
        bool recomputeOnUpdate = false)
        => Add(migrationBuilder, new AddFillTriggerOperation
        {
            Table = table, Column = column, ValueSql = valueSql, Schema = schema, RecomputeOnUpdate = recomputeOnUpdate,
        });

    /// <summary>Drops the trigger added by <see cref="AddFillTrigger"/>.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column the trigger fills.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<DropFillTriggerOperation> DropFillTrigger(
        this MigrationBuilder migrationBuilder, string table, string column, string? schema = null)
        => Add(migrationBuilder, new DropFillTriggerOperation { Table = table, Column = column, Schema = schema });

    /// <summary>Adds the triggers that keep a renamed column's old and new columns equal both ways.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="oldColumn">The column's current name.</param>
    /// <param name="newColumn">The column's new name.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<AddRenameSyncTriggerOperation> AddRenameSyncTrigger(
        this MigrationBuilder migrationBuilder, string table, string oldColumn, string newColumn, string? schema = null)
        => Add(migrationBuilder, new AddRenameSyncTriggerOperation
        {
            Table = table, OldColumn = oldColumn, NewColumn = newColumn, Schema = schema,
        });

    /// <summary>Drops the triggers added by <see cref="AddRenameSyncTrigger"/>.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="oldColumn">The column's old name.</param>
    /// <param name="newColumn">The column's new name.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<DropRenameSyncTriggerOperation> DropRenameSyncTrigger(
        this MigrationBuilder migrationBuilder, string table, string oldColumn, string newColumn, string? schema = null)
        => Add(migrationBuilder, new DropRenameSyncTriggerOperation
        {
            Table = table, OldColumn = oldColumn, NewColumn = newColumn, Schema = schema,
        });

    /// <summary>Makes a column NOT NULL without an exclusive lock during the table scan.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table.</param>
    /// <param name="column">The column.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<SetNotNullOperation> SetNotNull(
        this MigrationBuilder migrationBuilder, string table, string column, string? schema = null)
        => Add(migrationBuilder, new SetNotNullOperation { Table = table, Column = column, Schema = schema });

    /// <summary>Validates a constraint that was added NOT VALID.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint.</param>
    /// <param name="table">The table.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<ValidateConstraintOperation> ValidateConstraint(
        this MigrationBuilder migrationBuilder, string name, string table, string? schema = null)
        => Add(migrationBuilder, new ValidateConstraintOperation { Name = name, Table = table, Schema = schema });

    /// <summary>Creates an updatable view named <paramref name="newName"/> over <paramref name="table"/>.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table under its current name.</param>
    /// <param name="newName">The table's new name.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<CreateRenameViewOperation> CreateRenameView(
        this MigrationBuilder migrationBuilder, string table, string newName, string? schema = null)
        => Add(migrationBuilder, new CreateRenameViewOperation { Table = table, NewName = newName, Schema = schema });

    /// <summary>Drops the view made by <see cref="CreateRenameView"/>.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="table">The table under its current name.</param>
    /// <param name="newName">The table's new name (the view).</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<DropRenameViewOperation> DropRenameView(
        this MigrationBuilder migrationBuilder, string table, string newName, string? schema = null)
        => Add(migrationBuilder, new DropRenameViewOperation { Table = table, NewName = newName, Schema = schema });

    /// <summary>Renames a constraint in place.</summary>
    /// <param name="migrationBuilder">The migration builder.</param>
    /// <param name="name">The constraint's current name.</param>
    /// <param name="newName">The constraint's new name.</param>
    /// <param name="table">The table.</param>
    /// <param name="schema">The table's schema, or null for the default.</param>
    public static OperationBuilder<RenameConstraintOperation> RenameConstraint(
        this MigrationBuilder migrationBuilder, string name, string newName, string table, string? schema = null)
        => Add(migrationBuilder, new RenameConstraintOperation { Name = name, NewName = newName, Table = table, Schema = schema });

    private static OperationBuilder<T> Add<T>(MigrationBuilder migrationBuilder, T operation)
        where T : SafeMigrationOperation
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        migrationBuilder.Operations.Add(operation);
        return new OperationBuilder<T>(operation);
    }
}
