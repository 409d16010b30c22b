using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Linting.Rules;

/// <summary>
/// ESM0001: CREATE INDEX on an existing table blocks its writes for the whole build. On MySQL and MariaDB an index is
/// built in place while writes go on (ALGORITHM=INPLACE, LOCK=NONE), except a FULLTEXT or SPATIAL one, which the server
/// builds only with writes blocked; the runner refuses those too, so they are reported with online DDL on.
/// </summary>
public sealed class BlockingCreateIndexRule : LintRule
{
    /// <inheritdoc />
    public override string Code => "ESM0001";

    /// <inheritdoc />
    public override string Title => "Index built while blocking writes";

    /// <inheritdoc />
    public override IEnumerable<LintDiagnostic> Check(LintTarget target, LintSettings settings)
    {
        if (settings.IsMySql)
        {
            return Each<CreateIndexOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && MySqlKind(p.Operation) is not null)
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"CreateIndex {p.Operation.Name} on {Name(p.Operation.Table, p.Operation.Schema)} is a {MySqlKind(p.Operation)} index: MySQL and MariaDB build it in place but not with LOCK=NONE, so writes to the table wait until it is built.",
                    "Build it in a quiet window without the runner (with options.UseSafeMigrations() the deploy refuses it, as every ALTER that blocks writes), or search another way; if the table is small, suppress: [SuppressSafeMigrationRule(\"ESM0001\", \"why\")].",
                    p.Operation.Name));
        }

        return settings.OnlineDdl
            ? []
            : Each<CreateIndexOperation>(target)
                .Where(p => !CreatesTable(target, p.Operation.Table, p.Operation.Schema) && p.Operation["Npgsql:CreatedConcurrently"] is not true)
                .Select(p => Report(target, p.Index, p.Operation.Table, null,
                    $"CreateIndex {p.Operation.Name} on {Name(p.Operation.Table, p.Operation.Schema)} blocks writes to the table until the index is built.",
                    "Turn on online DDL with options.UseSafeMigrations() (it builds the index CONCURRENTLY), or build it concurrently yourself: .IsCreatedConcurrently() in the model.",
                    p.Operation.Name));
    }

    /// <summary>FULLTEXT or SPATIAL for the indexes the server cannot build while writes go on (Pomelo's annotations), else null.</summary>
    private static string? MySqlKind(CreateIndexOperation index)
        => index["MySql:FullTextIndex"] is true ? "FULLTEXT" : index["MySql:SpatialIndex"] is true ? "SPATIAL" : null;
}
