using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// Any other operation (schemas, sequences, extensions, comments, raw SQL): a destructive one goes to
/// Contract, the rest to Expand, unchanged. Its Down is EF Core's operation of the same kind on the
/// same object, where there is one.
/// </summary>
public sealed class PassThroughRule : IStagingRule
{
    /// <inheritdoc />
    public Type OperationType => typeof(MigrationOperation);

    /// <inheritdoc />
    public void Claim(MigrationOperation operation, StagingContext context)
    {
    }

    /// <inheritdoc />
    public void Stage(MigrationOperation operation, StagingContext context)
    {
        var phase = operation.IsDestructiveChange ? MigrationPhase.Contract : MigrationPhase.Expand;
        var inverse = context.DownOperations.Where(d => Inverts(d, operation)).Take(1).ToArray();
        context.Plan.Add(phase, [operation], inverse, $"{Describe(operation)} (no staging needed)");
    }

    private static bool Inverts(MigrationOperation down, MigrationOperation up) => (down, up) switch
    {
        (DropSequenceOperation d, CreateSequenceOperation u) => d.Name == u.Name && d.Schema == u.Schema,
        (CreateSequenceOperation d, DropSequenceOperation u) => d.Name == u.Name && d.Schema == u.Schema,
        (DropSchemaOperation d, EnsureSchemaOperation u) => d.Name == u.Name,
        (AlterDatabaseOperation, AlterDatabaseOperation) => true,
        (AlterSequenceOperation d, AlterSequenceOperation u) => d.Name == u.Name && d.Schema == u.Schema,
        (AlterTableOperation d, AlterTableOperation u) => d.Name == u.Name && d.Schema == u.Schema,
        _ => false,
    };

    private static string Describe(MigrationOperation operation)
    {
        var kind = operation.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal);
        return operation switch
        {
            ITableMigrationOperation table => $"{kind} on {Ops.Name(table.Table, table.Schema)}",
            _ => kind,
        };
    }
}
