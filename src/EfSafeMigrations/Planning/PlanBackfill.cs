namespace EfSafeMigrations.Planning;

/// <summary>A backfill in a published plan: enough to run it in batches without the app.</summary>
/// <param name="Table">The table.</param>
/// <param name="Schema">Its schema.</param>
/// <param name="Column">The column to fill.</param>
/// <param name="ValueSql">The SQL expression of its value.</param>
/// <param name="KeyColumns">The primary key the batches walk.</param>
/// <param name="BatchSize">Rows per batch, when the migration set it.</param>
public sealed record PlanBackfill(string Table, string? Schema, string Column, string ValueSql, IReadOnlyList<string> KeyColumns, int? BatchSize);
