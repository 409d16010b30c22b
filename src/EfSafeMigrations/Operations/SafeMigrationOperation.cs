using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Operations;

/// <summary>
/// Base of the operations EfSafeMigrations adds to EF Core's. Each one is written into a migration
/// as a call to its <see cref="Microsoft.EntityFrameworkCore.Migrations.MigrationBuilder"/> extension
/// method and turned into SQL by the dialect of the database provider.
/// </summary>
public abstract class SafeMigrationOperation : MigrationOperation
{
    /// <summary>The table the operation works on.</summary>
    public required string Table { get; init; }

    /// <summary>The schema of <see cref="Table"/>, or null for the default schema.</summary>
    public string? Schema { get; init; }

    /// <summary>The name of the <c>MigrationBuilder</c> extension method that creates this operation.</summary>
    public abstract string BuilderMethodName { get; }

    /// <summary>
    /// The named arguments of the extension method call, in order; arguments whose value is null are
    /// left out (they are optional).
    /// </summary>
    public abstract IEnumerable<KeyValuePair<string, object?>> BuilderArguments();

    /// <summary>The argument pair for <see cref="Schema"/>.</summary>
    protected KeyValuePair<string, object?> SchemaArgument() => new("schema", Schema);

    /// <summary>Shorthand for one named argument.</summary>
    protected static KeyValuePair<string, object?> Argument(string name, object? value) => new(name, value);
}
