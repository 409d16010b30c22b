namespace EfSafeMigrations.Tests.Dialects.MySql.Pomelo;

/// <summary>One column of a generated model version: a shadow property of <see cref="HistoryItem"/>.</summary>
/// <param name="Property">The property's name (kept when the column is renamed).</param>
/// <param name="Column">The column's name.</param>
/// <param name="IsText">varchar of <paramref name="Length"/>, else int.</param>
/// <param name="Length">The varchar's length.</param>
/// <param name="Required">NOT NULL.</param>
/// <param name="Default">The default value, or null.</param>
/// <param name="Indexed">Whether an index covers it.</param>
internal sealed record HistoryColumn(string Property, string Column, bool IsText, int Length, bool Required, object? Default, bool Indexed);
