using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>A renamed index (metadata only, no app sees index names): renamed in Expand.</summary>
public sealed class RenameIndexRule : StagingRule<RenameIndexOperation>
{
    /// <inheritdoc />
    protected override void Stage(RenameIndexOperation operation, StagingContext context)
        => context.Plan.Add(
            MigrationPhase.Expand,
            [operation],
            [new RenameIndexOperation { Name = operation.NewName, NewName = operation.Name, Table = operation.Table, Schema = operation.Schema }],
            $"renames index {operation.Name} to {operation.NewName}");
}
