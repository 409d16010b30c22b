namespace EfSafeMigrations.Linting;

/// <summary>One finding of the linter.</summary>
/// <param name="Code">The rule's stable code, for example ESM0001.</param>
/// <param name="Severity">How serious it is.</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Table">The table the operation changes, when it has one.</param>
/// <param name="Column">The column, when the finding is about one.</param>
/// <param name="Message">What is unsafe and why.</param>
/// <param name="Fix">What to do instead, often code to paste.</param>
/// <param name="OperationIndex">The operation's position in the migration's Up, to find its line in the source.</param>
/// <param name="Anchor">A literal of the operation (an index or column name) to find its line in the source.</param>
public sealed record LintDiagnostic(
    string Code, LintSeverity Severity, string MigrationId, string? Table, string? Column, string Message, string Fix, int OperationIndex, string? Anchor)
{
    /// <summary>The message and the fix as one line, as the build and the tool show them.</summary>
    public string Text => $"{MigrationId}: {Message} {Fix}";
}
