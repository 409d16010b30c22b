using EfSafeMigrations.Dialects;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Sql;

/// <summary>
/// Wraps the provider's <see cref="IMigrationsSqlGenerator"/> (whatever its type) and emits online DDL:
/// EfSafeMigrations' operations through the dialect, EF Core's own operations in their online,
/// re-runnable form, every DDL statement under the lock timeout, backfills in batches.
/// </summary>
/// <param name="inner">The provider's generator.</param>
/// <param name="dependencies">The other services used.</param>
public sealed class SafeMigrationsSqlGenerator(IMigrationsSqlGenerator inner, SafeMigrationsSqlGeneratorDependencies dependencies)
    : IMigrationsSqlGenerator
{
    private DatabaseDialect Dialect => dependencies.Dialect;

    /// <summary>The same generator with other options (the phase runner's lock timeout and batch size).</summary>
    public SafeMigrationsSqlGenerator WithOptions(SafeMigrationsOptions options)
        => new(inner, dependencies with { Options = options });

    /// <summary>The options the generator uses.</summary>
    public SafeMigrationsOptions Options => dependencies.Options;

    /// <summary>The database's dialect.</summary>
    public DatabaseDialect DatabaseDialect => dependencies.Dialect;

    /// <inheritdoc />
    public IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations,
        IModel? model = null,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        operations = Dialect.Arrange(operations);
        var newTables = operations.OfType<CreateTableOperation>().Select(t => (t.Name, t.Schema)).ToHashSet();
        var commands = new List<MigrationCommand>();
        foreach (var operation in operations)
        {
            if (operation is SafeMigrationOperation safe)
            {
                commands.AddRange(Dialect.Generate(safe).Select(ToCommand));
                continue;
            }

            var tableIsNew = operation is ITableMigrationOperation table && newTables.Contains((table.Table, table.Schema))
                && operation is not CreateTableOperation;
            if (Dialect.GenerateOwn(operation, tableIsNew) is { } own)
            {
                commands.AddRange(own.Select(ToCommand));
                continue;
            }

            var providerCommands = inner.Generate([Dialect.PrepareForProvider(operation, tableIsNew)], model, options);
            if (providerCommands.Count == 0)
            {
                continue;
            }

            var steps = providerCommands.Any(c => c.TransactionSuppressed) && operation is not CreateIndexOperation
                ? null
                : Dialect.Rewrite(operation, string.Concat(providerCommands.Select(c => c.CommandText)), tableIsNew);
            commands.AddRange(steps == null
                ? providerCommands.Select(c => c.TransactionSuppressed ? c : ToCommand(new DdlStep(c.CommandText)))
                : steps.Select(ToCommand));
        }

        return commands;
    }

    private MigrationCommand ToCommand(MigrationStep step)
    {
        var context = dependencies.CurrentContext.Context;
        var logger = dependencies.CommandLogger;
        var lockTimeout = dependencies.Options.LockTimeout;
        return step switch
        {
            DdlStep { Transactional: true } ddl => new MigrationCommand(
                dependencies.RawSqlCommandBuilder.Build(Dialect.LockTimeoutInTransaction(lockTimeout) + "\n" + ddl.Sql.TrimEnd() + "\n"),
                context,
                logger),
            DdlStep ddl => new NonTransactionalDdlCommand(ddl.Sql, Dialect, lockTimeout, dependencies.RawSqlCommandBuilder, context, logger),
            ConcurrentIndexStep index => new ConcurrentIndexCommand(index, Dialect, lockTimeout, dependencies.RawSqlCommandBuilder, context, logger),
            OnlineAlterStep alter => new OnlineAlterCommand(alter, Dialect, lockTimeout, dependencies.RawSqlCommandBuilder, context, logger),
            CheckStep check => new CheckCommand(check, dependencies.RawSqlCommandBuilder, context, logger),
            BackfillStep backfill => new BatchedBackfillCommand(
                backfill.Operation, Dialect.Backfill, dependencies.Options.BackfillBatchSize, dependencies.RawSqlCommandBuilder, context, logger),
            _ => throw new NotSupportedException($"Unknown migration step {step.GetType().Name}."),
        };
    }
}
