using EfSafeMigrations.Running.Protocol;
using Spectre.Console;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>The <c>status</c> table: one row per group, one column per phase.</summary>
internal static class StatusTable
{
    private static readonly MigrationPhase[] Phases = [MigrationPhase.Expand, MigrationPhase.Backfill, MigrationPhase.Contract];

    /// <summary>The table of <paramref name="groups"/>, in the order reported.</summary>
    public static Table Build(IEnumerable<GroupStatusEvent> groups)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Group");
        foreach (var phase in Phases)
        {
            table.AddColumn(phase.ToString());
        }

        foreach (var group in groups)
        {
            table.AddRow(
            [
                Markup.Escape(group.Group),
                .. Phases.Select(phase => EventText.PhaseState(group.Phases.FirstOrDefault(p => p.Phase == phase))),
            ]);
        }

        return table;
    }
}
