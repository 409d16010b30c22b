namespace EfSafeMigrations.Dialects;

/// <summary>
/// How a database carries out the steps of a staged change, in the words <c>dotnet ef migrations add</c> prints for them
/// (the staging summary): each dialect says what its own SQL does.
/// </summary>
public interface IStagingWords
{
    /// <summary>How a backfilled column is made NOT NULL, after "makes X NOT NULL".</summary>
    string NotNull { get; }

    /// <summary>What Expand does with a new foreign key on an existing table.</summary>
    string AddForeignKey(string name, string table);

    /// <summary>What Backfill does with that foreign key.</summary>
    string ValidateForeignKey(string name, string table);

    /// <summary>What Contract does with a new check constraint on an existing table.</summary>
    string AddCheckConstraint(string name, string table);

    /// <summary>What Contract does last for a renamed column: the sync triggers and the old column <paramref name="column"/> go.</summary>
    string DropRenamedColumn(string column);

    /// <summary>What Contract does for a renamed table: its view <paramref name="view"/> goes and the table takes that name.</summary>
    string RenameTableOverView(string view, string table);

    /// <summary>What Expand does for a type change the developer assured (<c>.IsSafetyAssured("why")</c>).</summary>
    string AssuredTypeChange(string column, string reason);
}
