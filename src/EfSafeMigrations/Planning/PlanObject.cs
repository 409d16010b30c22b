namespace EfSafeMigrations.Planning;

/// <summary>A table, or a column of a table, that a phase migration creates or removes: what the drift check looks for.</summary>
/// <param name="Schema">The schema; null for the default one.</param>
/// <param name="Table">The table.</param>
/// <param name="Column">The column; null for the table itself.</param>
public sealed record PlanObject(string? Schema, string Table, string? Column = null);
