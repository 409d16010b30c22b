using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A new check constraint on an existing table: added in Contract (the old version may still write
/// rows that break it), NOT VALID then validated.
/// </summary>
public sealed class AddCheckConstraintRule : StagingRule<AddCheckConstraintOperation>
{
    /// <inheritdoc />
    protected override void Stage(AddCheckConstraintOperation operation, StagingContext context)
    {
        var drop = new DropCheckConstraintOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema };
        if (context.CreatesTable(operation.Table, operation.Schema))
        {
            context.Plan.Add(MigrationPhase.Expand, [operation], [drop], $"adds check constraint {operation.Name} on new table {operation.Table}");
            return;
        }

        operation.AddAnnotation(SafeAnnotationNames.NotValid, true);
        context.Plan.Add(
            MigrationPhase.Contract,
            [operation, new ValidateConstraintOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema }],
            [drop],
            context.Facts.Words.AddCheckConstraint(operation.Name, operation.Table));
    }
}
