using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>ESM0001: CREATE INDEX on an existing table blocks its writes for the whole build.</summary>
public sealed class BlockingCreateIndexRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0001";

    /// <inheritdoc />
    public override string Title => "Index built while blocking writes";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
        => settings.OnlineDdl
            ? []
            : Each<CreateIndexOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && p.Operation["Npgsql:CreatedConcurrently"] is not true)
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"CreateIndex {p.Operation.Name} on {Name(p.Operation.Table, p.Operation.Schema)} blocks writes to the table until the index is built.",
                    "Turn on online DDL with options.UseSafeMigrations() (it builds the index CONCURRENTLY), or build it concurrently yourself: .IsCreatedConcurrently() in the model.",
                    p.Operation.Name));
}
