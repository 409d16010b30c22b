namespace EfSafeMigrations.Dialects.MySql;

/// <summary>
/// The staging summary's words for MySQL's and MariaDB's SQL: ALTERs asked of the server INSTANT, then in place, DDL
/// that commits statement by statement, no NOT VALID constraints.
/// </summary>
internal sealed class MySqlStagingWords : IStagingWords
{
    public string NotNull => "in place while writes go on (ALTER ... MODIFY with ALGORITHM=INPLACE, LOCK=NONE: one scan, no copy)";

    public string AddForeignKey(string name, string table)
        => $"adds foreign key {name} in place with foreign_key_checks off for that statement (new writes are checked at once), then counts the rows of {table} it would reject";

    public string ValidateForeignKey(string name, string table) => $"nothing left to check for foreign key {name}: the rows of {table} were counted in Expand";

    public string AddCheckConstraint(string name, string table)
        => $"adds check constraint {name} once no old instance writes; MySQL and MariaDB add it only by copying {table}, which the runner refuses: check the rule in the app instead";

    public string DropRenamedColumn(string column)
        => $"drops the triggers, then column {column}, statement by statement (each commits by itself; a NOT NULL old column gets a default first, so inserts go on between them)";

    public string RenameTableOverView(string view, string table) => $"renames table {table} to {view} as its view {view} is moved aside, in one atomic RENAME TABLE, then drops the view";

    public string AssuredTypeChange(string column, string reason)
        => $"changes the type of {column} (safety assured: {reason}): ALGORITHM=INSTANT, then INPLACE without locks, and only if the server refuses both, a copy of the table during which writes wait";
}
