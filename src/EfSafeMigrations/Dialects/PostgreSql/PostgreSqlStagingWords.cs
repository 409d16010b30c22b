namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>The staging summary's words for PostgreSQL's SQL: NOT VALID constraints validated later, transactional DDL.</summary>
internal sealed class PostgreSqlStagingWords : IStagingWords
{
    public string NotNull => "without a long lock (a NOT VALID constraint, VALIDATE, NOT NULL)";

    public string AddForeignKey(string name, string table) => $"adds foreign key {name} NOT VALID: checks new writes without scanning {table} under a lock";

    public string ValidateForeignKey(string name, string table) => $"validates foreign key {name} while reads and writes go on";

    public string AddCheckConstraint(string name, string table) => $"adds check constraint {name} NOT VALID, then validates it, once no old instance writes";

    public string DropRenamedColumn(string column) => $"drops the triggers and column {column} in one transaction";

    public string RenameTableOverView(string view, string table) => $"drops view {view} and renames table {table} to {view} in one transaction";

    public string AssuredTypeChange(string column, string reason) => $"changes the type of {column} (safety assured: {reason})";
}
