using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A new foreign key on an existing table: added NOT VALID in Expand (new writes are checked at once,
/// no scan under a lock), validated in Backfill under a lock that lets reads and writes go on.
/// </summary>
public sealed class AddForeignKeyRule : StagingRule<AddForeignKeyOperation>
{
    /// <inheritdoc />
    protected override void Stage(AddForeignKeyOperation operation, StagingContext context)
    {
        var drop = new DropForeignKeyOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema };
        if (context.CreatesTable(operation.Table, operation.Schema))
        {
            context.Plan.Add(MigrationPhase.Expand, [operation], [drop], $"adds foreign key {operation.Name} on new table {operation.Table}");
            return;
        }

        operation.AddAnnotation(SafeAnnotationNames.NotValid, true);
        context.Plan.Add(
            MigrationPhase.Expand,
            [operation],
            [drop],
            context.Facts.Words.AddForeignKey(operation.Name, operation.Table));
        context.Plan.Add(
            MigrationPhase.Backfill,
            [new ValidateConstraintOperation { Name = operation.Name, Table = operation.Table, Schema = operation.Schema }],
            [],
            context.Facts.Words.ValidateForeignKey(operation.Name, operation.Table));
    }
}
