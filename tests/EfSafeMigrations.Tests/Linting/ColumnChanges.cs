using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Tests.Linting;

/// <summary>AlterColumn operations the column rules' tests lint, for either dialect's column types.</summary>
public static class ColumnChanges
{
    /// <summary>People.Nickname, of <paramref name="columnType"/>, made NOT NULL.</summary>
    public static AlterColumnOperation MakeRequired(string columnType)
    {
        var alter = new AlterColumnOperation { Table = "People", Name = "Nickname", ClrType = typeof(string), ColumnType = columnType, IsNullable = false };
        alter.OldColumn.ClrType = typeof(string);
        alter.OldColumn.ColumnType = columnType;
        alter.OldColumn.IsNullable = true;
        return alter;
    }

    /// <summary>People.Score changed from one store type to another.</summary>
    public static AlterColumnOperation ChangeType(string from, string to)
    {
        var alter = new AlterColumnOperation { Table = "People", Name = "Score", ColumnType = to, ClrType = typeof(long) };
        alter.OldColumn.ColumnType = from;
        alter.OldColumn.ClrType = typeof(int);
        return alter;
    }
}
