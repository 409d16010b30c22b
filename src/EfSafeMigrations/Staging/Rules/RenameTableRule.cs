using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>
/// A renamed table. Expand adds an updatable view with the new name over the table, so the new
/// version works before the rename; Contract, in one transaction, drops the view and renames the
/// table. The primary key and foreign keys EF Core would drop and re-add under their new names (its
/// own and those of other tables that reference it) are renamed in place instead, and index renames
/// move to Contract with the table.
/// </summary>
public sealed class RenameTableRule : StagingRule<RenameTableOperation>
{
    /// <inheritdoc />
    protected override void Claim(RenameTableOperation operation, StagingContext context)
    {
        if (operation.NewSchema != null && operation.NewSchema != operation.Schema)
        {
            throw new UnsafeMigrationException(
                $"Moving table {Ops.Name(operation.Name, operation.Schema)} to schema {operation.NewSchema} is not staged. "
                + "Create the table in the new schema in its own change, copy the data, switch the app, then drop the old table.");
        }

        foreach (var other in RelatedOperations(operation, context))
        {
            context.Consume(other);
        }
    }

    /// <inheritdoc />
    protected override void Stage(RenameTableOperation operation, StagingContext context)
    {
        var table = operation.Name;
        var schema = operation.Schema;
        var newName = operation.NewName!;
        var alsoChanged = context.Operations
            .OfType<ITableMigrationOperation>()
            .Where(o => o.Table == newName && o.Schema == schema && !context.IsConsumed((MigrationOperation)o))
            .Select(o => o.GetType().Name.Replace("Operation", string.Empty, StringComparison.Ordinal))
            .ToList();
        if (alsoChanged.Count > 0)
        {
            throw new UnsafeMigrationException(
                $"Table {Ops.Name(table, schema)} is renamed to {newName} in the same change as other changes to it ({string.Join(", ", alsoChanged)}). "
                + "Until Contract the table keeps its old name, so those changes cannot be staged. Rename the table in a change of its own, then make the other changes.");
        }

        var view = new CreateRenameViewOperation { Table = table, NewName = newName, Schema = schema };
        var dropView = new DropRenameViewOperation { Table = table, NewName = newName, Schema = schema };
        context.Plan.Add(
            MigrationPhase.Expand,
            [view],
            [dropView],
            $"adds view {newName} over table {Ops.Name(table, schema)}, so the new version reads and writes the new name");

        var up = new List<MigrationOperation> { dropView, operation };
        var down = new List<MigrationOperation>();
        foreach (var (oldName, renamed) in ConstraintRenames(operation, context))
        {
            up.Add(new RenameConstraintOperation { Table = newName, Schema = schema, Name = oldName, NewName = renamed });
            down.Insert(0, new RenameConstraintOperation { Table = newName, Schema = schema, Name = renamed, NewName = oldName });
        }

        foreach (var (dropped, added) in ReferencingForeignKeys(operation, context))
        {
            up.Add(new RenameConstraintOperation { Table = added.Table, Schema = added.Schema, Name = dropped.Name, NewName = added.Name });
            down.Insert(0, new RenameConstraintOperation { Table = added.Table, Schema = added.Schema, Name = added.Name, NewName = dropped.Name });
        }

        foreach (var rename in context.Operations.OfType<RenameIndexOperation>().Where(r => IsOnRenamedTable(r, operation)))
        {
            up.Add(rename);
            down.Insert(0, new RenameIndexOperation { Table = newName, Schema = schema, Name = rename.NewName, NewName = rename.Name });
        }

        down.Add(new RenameTableOperation { Name = newName, Schema = schema, NewName = table, NewSchema = schema });
        down.Add(view);
        context.Plan.Add(
            MigrationPhase.Contract,
            up,
            down,
            context.Facts.Words.RenameTableOverView(newName, Ops.Name(table, schema)));
    }

    private static IEnumerable<MigrationOperation> RelatedOperations(RenameTableOperation rename, StagingContext context)
    {
        foreach (var other in context.Operations)
        {
            switch (other)
            {
                case DropPrimaryKeyOperation d when d.Table == rename.Name && d.Schema == rename.Schema:
                case AddPrimaryKeyOperation a when a.Table == rename.NewName && a.Schema == rename.Schema:
                case DropForeignKeyOperation df when df.Table == rename.Name && df.Schema == rename.Schema && HasReAdd(df, rename, context):
                case AddForeignKeyOperation af when af.Table == rename.NewName && af.Schema == rename.Schema && HasDrop(af, rename, context):
                case RenameIndexOperation ri when IsOnRenamedTable(ri, rename):
                    yield return other;
                    break;
            }
        }

        foreach (var (dropped, added) in ReferencingForeignKeys(rename, context))
        {
            yield return dropped;
            yield return added;
        }
    }

    private static IEnumerable<(string OldName, string NewName)> ConstraintRenames(RenameTableOperation rename, StagingContext context)
    {
        var droppedKey = context.Operations.OfType<DropPrimaryKeyOperation>()
            .FirstOrDefault(d => d.Table == rename.Name && d.Schema == rename.Schema);
        var addedKey = context.Operations.OfType<AddPrimaryKeyOperation>()
            .FirstOrDefault(a => a.Table == rename.NewName && a.Schema == rename.Schema);
        if (droppedKey != null && addedKey != null)
        {
            yield return (droppedKey.Name, addedKey.Name);
        }

        foreach (var added in context.Operations.OfType<AddForeignKeyOperation>()
            .Where(a => a.Table == rename.NewName && a.Schema == rename.Schema))
        {
            var dropped = MatchingDrop(added, rename, context);
            if (dropped != null)
            {
                yield return (dropped.Name, added.Name);
            }
        }
    }

    /// <summary>
    /// Foreign keys of other tables that reference the renamed table, which EF Core drops and re-adds under
    /// a name holding the new table name. A foreign key follows its table through a rename, so renaming it
    /// in Contract keeps it checking writes the whole time; re-adding it in Expand would fail, since the
    /// new name is only a view until Contract.
    /// </summary>
    private static IEnumerable<(DropForeignKeyOperation Dropped, AddForeignKeyOperation Added)> ReferencingForeignKeys(
        RenameTableOperation rename, StagingContext context)
    {
        foreach (var added in context.Operations.OfType<AddForeignKeyOperation>()
            .Where(a => a.PrincipalTable == rename.NewName && (a.PrincipalSchema ?? a.Schema) == rename.Schema
                && !(a.Table == rename.NewName && a.Schema == rename.Schema)))
        {
            var before = context.Source?.FindTable(added.Table, added.Schema)?.ForeignKeyConstraints.FirstOrDefault(f =>
                f.PrincipalTable.Name == rename.Name && f.PrincipalTable.Schema == rename.Schema
                && f.Columns.Select(c => c.Name).SequenceEqual(added.Columns)
                && f.PrincipalColumns.Select(c => c.Name).SequenceEqual(added.PrincipalColumns ?? [])
                && f.OnDeleteAction == added.OnDelete);
            var dropped = before == null
                ? null
                : context.Operations.OfType<DropForeignKeyOperation>()
                    .FirstOrDefault(d => d.Table == added.Table && d.Schema == added.Schema && d.Name == before.Name);
            if (dropped != null)
            {
                yield return (dropped, added);
            }
        }
    }

    private static bool IsOnRenamedTable(RenameIndexOperation rename, RenameTableOperation table)
        => rename.Table == table.NewName && rename.Schema == table.Schema;

    private static bool HasReAdd(DropForeignKeyOperation dropped, RenameTableOperation rename, StagingContext context)
        => context.Operations.OfType<AddForeignKeyOperation>()
            .Any(a => a.Table == rename.NewName && a.Schema == rename.Schema && MatchingDrop(a, rename, context) == dropped);

    private static bool HasDrop(AddForeignKeyOperation added, RenameTableOperation rename, StagingContext context)
        => MatchingDrop(added, rename, context) != null;

    private static DropForeignKeyOperation? MatchingDrop(AddForeignKeyOperation added, RenameTableOperation rename, StagingContext context)
    {
        var before = context.SourceForeignKey(rename.Name, rename.Schema, added.Columns, added.PrincipalTable);
        return before == null
            ? null
            : context.Operations.OfType<DropForeignKeyOperation>()
                .FirstOrDefault(d => d.Table == rename.Name && d.Schema == rename.Schema && d.Name == before);
    }
}
