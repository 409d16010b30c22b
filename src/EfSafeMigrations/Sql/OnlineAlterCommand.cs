using System.Data.Common;
using EfSafeMigrations.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace EfSafeMigrations.Sql;

/// <summary>An ALTER run in the fastest way the server allows without copying the table (see <see cref="OnlineAlterStep"/>).</summary>
public sealed class OnlineAlterCommand(
    OnlineAlterStep step, DatabaseDialect dialect, TimeSpan lockTimeout, IRawSqlCommandBuilder commandBuilder, DbContext? context, IRelationalCommandDiagnosticsLogger logger)
    : OnlineMigrationCommand(Script(step, dialect, lockTimeout), commandBuilder, context, logger)
{
    /// <summary>The step.</summary>
    public OnlineAlterStep Step => step;

    /// <inheritdoc />
    protected override Task<int> ExecuteAsync(DbConnection connection, CancellationToken cancellationToken)
        => OnlineAlter.RunAsync(connection, dialect, step, lockTimeout, cancellationToken);

    /// <summary>What a script shows: the first attempt, the others as comments.</summary>
    internal static string Script(OnlineAlterStep step, DatabaseDialect dialect, TimeSpan lockTimeout)
        => (step.DoneWhen == null ? string.Empty : $"-- skipped when: {step.DoneWhen.ReplaceLineEndings(" ")}\n")
            + NonTransactionalDdlCommand.Script(step.Attempts[0], dialect, lockTimeout)
            + string.Concat(step.Attempts.Skip(1).Select(a => $"-- else, when the server cannot run it so: {a.ReplaceLineEndings(" ")}\n"))
            + (step.Assured is { } assured
                ? $"-- else, as assured: {assured.Notice}\n" + string.Concat(assured.Attempts.Select(a => $"-- then: {a.ReplaceLineEndings(" ")}\n"))
                : $"-- else refused: {step.Refusal}\n");
}
