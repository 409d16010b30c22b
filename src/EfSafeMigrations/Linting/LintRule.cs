using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting;

/// <summary>
/// One lint rule: a stable code, and a check over one migration's operations. Each rule is in its own
/// file under <c>Linting/Rules</c> and documented in <c>docs/lint-rules.md</c>.
/// </summary>
public abstract class LintRule
{
    /// <summary>The stable code, for example ESM0001.</summary>
    public abstract string Code { get; }

    /// <summary>A short title.</summary>
    public abstract string Title { get; }

    /// <summary>The severity of its findings.</summary>
    public virtual LintSeverity Severity => LintSeverity.Error;

    /// <summary>The findings in one migration.</summary>
    public abstract IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings);

    /// <summary>A finding of this rule about operation <paramref name="index"/>.</summary>
    protected LintDiagnostic Report(LintTarget target, int index, string? table, string? column, string message, string fix, string? anchor = null)
        => new(Code, Severity, target.MigrationId, table, column, message, fix, index, anchor ?? column ?? table);

    /// <summary>The operations of a kind, with their positions.</summary>
    protected static IEnumerable<(T Operation, int Index)> Each<T>(LintTarget target)
        where T : MigrationOperation
        => target.Operations.Select((o, i) => (o, i)).Where(p => p.o is T).Select(p => ((T)p.o, p.i));

    /// <summary>Whether the migration creates the table (so nothing reads it yet).</summary>
    protected static bool CreatesTable(LintTarget target, string table, string? schema)
        => target.Operations.OfType<CreateTableOperation>().Any(t => t.Name == table && t.Schema == schema);

    /// <summary>The table's name as written in messages.</summary>
    protected static string Name(string table, string? schema) => schema == null ? table : schema + "." + table;

    /// <summary>Whether the operation is marked <c>NOT VALID</c> by the stager.</summary>
    protected static bool IsNotValid(MigrationOperation operation) => operation[SafeAnnotationNames.NotValid] is true;
}
