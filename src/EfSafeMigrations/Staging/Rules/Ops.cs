using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>Builders for the EF Core operations the rules write, so the rules read as recipes.</summary>
internal static class Ops
{
    public static DropColumnOperation DropColumn(string table, string? schema, string column)
        => new() { Table = table, Schema = schema, Name = column };

    /// <summary>The definition of <paramref name="column"/> (type, nullability, default) under the name <paramref name="name"/>.</summary>
    public static AddColumnOperation ColumnDefinition(string table, string? schema, string name, IColumn column)
        => new()
        {
            Table = table,
            Schema = schema,
            Name = name,
            ClrType = column.ProviderClrType,
            ColumnType = column.StoreType,
            IsUnicode = column.IsUnicode,
            IsFixedLength = column.IsFixedLength,
            MaxLength = column.MaxLength,
            Precision = column.Precision,
            Scale = column.Scale,
            Collation = column.Collation,
            Comment = column.Comment,
            IsNullable = column.IsNullable,
            DefaultValue = column.DefaultValue,
            DefaultValueSql = column.DefaultValueSql,
        };

    /// <summary>The same column definition as <paramref name="operation"/>, nullable and without a default.</summary>
    public static AddColumnOperation AsNullableWithoutDefault(AddColumnOperation operation)
        => new()
        {
            Table = operation.Table,
            Schema = operation.Schema,
            Name = operation.Name,
            ClrType = operation.ClrType,
            ColumnType = operation.ColumnType,
            IsUnicode = operation.IsUnicode,
            IsFixedLength = operation.IsFixedLength,
            MaxLength = operation.MaxLength,
            Precision = operation.Precision,
            Scale = operation.Scale,
            Collation = operation.Collation,
            Comment = operation.Comment,
            IsNullable = true,
        };

    /// <summary>An AlterColumn that changes only the nullability of a column defined like <paramref name="column"/>.</summary>
    public static AlterColumnOperation AlterNullability(ColumnOperation column, bool nullable, bool oldNullable)
    {
        var operation = new AlterColumnOperation { Table = column.Table, Schema = column.Schema, Name = column.Name };
        Copy(column, operation);
        operation.IsNullable = nullable;
        Copy(column, operation.OldColumn);
        operation.OldColumn.IsNullable = oldNullable;
        return operation;
    }

    /// <summary>An AlterColumn that only sets (or, with null, drops) the default of a column defined like <paramref name="column"/>.</summary>
    public static AlterColumnOperation AlterDefault(ColumnOperation column, object? defaultValue)
    {
        var operation = AlterNullability(column, column.IsNullable, column.IsNullable);
        operation.DefaultValue = defaultValue;
        operation.OldColumn.DefaultValue = defaultValue == null ? column.DefaultValue : null;
        return operation;
    }

    /// <summary>
    /// An AlterColumn from a nullable column without a default to <paramref name="target"/>'s definition
    /// (its nullability and default), or, with <paramref name="reverse"/>, back.
    /// </summary>
    public static AlterColumnOperation AlterToDefinition(ColumnOperation target, bool reverse = false)
    {
        var operation = new AlterColumnOperation { Table = target.Table, Schema = target.Schema, Name = target.Name };
        Copy(target, operation);
        Copy(target, operation.OldColumn);
        var (final, initial) = reverse ? ((ColumnOperation)operation.OldColumn, (ColumnOperation)operation) : (operation, operation.OldColumn);
        final.IsNullable = target.IsNullable;
        final.DefaultValue = target.DefaultValue;
        final.DefaultValueSql = target.DefaultValueSql;
        initial.IsNullable = true;
        initial.DefaultValue = null;
        initial.DefaultValueSql = null;
        return operation;
    }

    /// <summary>
    /// The AlterColumn as it runs after <c>SetNotNull</c>: the column is already NOT NULL, so the provider
    /// must not fill NULLs first (Npgsql would scan the table with an UPDATE under the ALTER's exclusive lock).
    /// </summary>
    public static AlterColumnOperation AfterSetNotNull(AlterColumnOperation operation)
    {
        if (!operation.IsNullable)
        {
            operation.OldColumn.IsNullable = false;
        }

        return operation;
    }

    private static void Copy(ColumnOperation from, ColumnOperation to)
    {
        to.ClrType = from.ClrType;
        to.ColumnType = from.ColumnType;
        to.IsUnicode = from.IsUnicode;
        to.IsFixedLength = from.IsFixedLength;
        to.MaxLength = from.MaxLength;
        to.Precision = from.Precision;
        to.Scale = from.Scale;
        to.Collation = from.Collation;
        to.Comment = from.Comment;
    }

    public static string Name(string table, string? schema) => schema == null ? table : schema + "." + table;
}
