namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>One object of a <see cref="SchemaSnapshot"/>.</summary>
/// <param name="Kind">table, column, index, constraint, trigger, view, function or sequence.</param>
/// <param name="Name">Qualified by its table where it belongs to one (<c>Customers.Email</c>); schema-qualified outside <c>public</c>.</param>
/// <param name="Definition">What is compared besides the name (a column's type, nullability and default; an index's definition...).</param>
public sealed record SchemaObject(string Kind, string Name, string Definition) : IComparable<SchemaObject>
{
    /// <summary>Whether EfSafeMigrations made it for a group's window (a name starting with <c>esm_</c> or holding <c>_esm_</c>).</summary>
    public bool IsOurs
    {
        get
        {
            var own = Kind is "column" or "index" or "constraint" or "trigger" ? Name[(Name.LastIndexOf('.') + 1)..] : Name;
            return own.StartsWith("esm_", StringComparison.Ordinal) || own.Contains("_esm_", StringComparison.Ordinal);
        }
    }

    /// <inheritdoc />
    public int CompareTo(SchemaObject? other)
        => other is null ? 1
            : string.CompareOrdinal(Kind, other.Kind) is var kind and not 0 ? kind
            : string.CompareOrdinal(Name, other.Name) is var name and not 0 ? name
            : string.CompareOrdinal(Definition, other.Definition);

    /// <inheritdoc />
    public override string ToString() => Definition.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Name}: {Definition}";
}
