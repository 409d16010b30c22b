using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging;

/// <summary>A staging rule, seen without its operation type (see <see cref="StagingRule{TOperation}"/>).</summary>
public interface IStagingRule
{
    /// <summary>The exact operation type the rule stages.</summary>
    Type OperationType { get; }

    /// <summary>Marks the other operations this one takes over.</summary>
    void Claim(MigrationOperation operation, StagingContext context);

    /// <summary>Adds the operation's steps to the plan.</summary>
    void Stage(MigrationOperation operation, StagingContext context);
}
