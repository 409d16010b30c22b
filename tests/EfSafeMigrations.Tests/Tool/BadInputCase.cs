namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// One bad input to <c>dotnet safe-migrate</c> and what the tool must answer: its exit code and a text of the one line
/// that says what is wrong. In <see cref="Args"/>, <c>{shop}</c> is the sample shop's built assembly, <c>{db:STATE}</c>
/// the connection string of the fixture's database in that state, <c>{fixture}</c> the fixture's folder (its plans) and
/// <c>{dir}</c> the case's own empty working folder.
/// </summary>
/// <param name="Name">The case, as the test names it.</param>
/// <param name="ExitCode">The documented exit code it must end with.</param>
/// <param name="Expected">A text the line that reports it must contain.</param>
/// <param name="Args">The command line after <c>dotnet safe-migrate</c>.</param>
public sealed record BadInputCase(string Name, int ExitCode, string Expected, IReadOnlyList<string> Args)
{
    /// <summary>A <c>safe-migrate.json</c> written into the case's working folder first.</summary>
    public string? Config { get; init; }

    /// <summary>Environment variables for the run.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
