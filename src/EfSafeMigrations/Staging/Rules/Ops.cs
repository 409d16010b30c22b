using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>Builders for the EF Core operations the rules write, so the rules read as recipes.</summary>
internal static class Ops
{
    public static DropColumnOperation DropColumn(string table, string? schema, string column)
        => new() { Table = table, Schema = schema, Name = column };

    /// <summary>A nullable column without a default, typed like <paramref name="column"/>.</summary>
    public static AddColumnOperation AddNullableColumn(string table, string? schema, string name, IColumn column)
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
            IsNullable = true,
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

    /// <summary>An AlterColumn that changes only nullability and the default of a column defined like <paramref name="column"/>.</summary>
    public static AlterColumnOperation AlterNullability(
        ColumnOperation column, bool nullable, bool oldNullable, string? defaultValueSql = null, string? oldDefaultValueSql = null)
    {
        var operation = new AlterColumnOperation
        {
            Table = column.Table,
            Schema = column.Schema,
            Name = column.Name,
        };
        Copy(column, operation);
        operation.IsNullable = nullable;
        operation.DefaultValueSql = defaultValueSql;
        Copy(column, operation.OldColumn);
        operation.OldColumn.IsNullable = oldNullable;
        operation.OldColumn.DefaultValueSql = oldDefaultValueSql;
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
