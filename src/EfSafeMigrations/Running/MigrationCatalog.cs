using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Running;

/// <summary>The project's migrations, grouped by staged change, with what the history table says is applied.</summary>
internal static class MigrationCatalog
{
    public static IReadOnlyList<MigrationGroup> Read(IMigrationsAssembly migrations, IMigrationsIdGenerator ids, IReadOnlySet<string> applied)
        => migrations.Migrations
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m =>
            {
                var name = ids.GetName(m.Key);
                var parsed = PhaseNaming.Parse(name);
                return new PhaseMigration(m.Key, parsed?.Group ?? name, parsed?.Phase ?? MigrationPhase.Expand, m.Value, applied.Contains(m.Key));
            })
            // Phases of one group share its name (EF Core refuses duplicate names); an unstaged migration is a group of its own.
            .GroupBy(m => PhaseNaming.Parse(m.Id) != null ? "staged:" + m.Group : "plain:" + m.Id)
            .Select(g => new MigrationGroup(g.First().Group, g.ToList()))
            .ToList();
}
