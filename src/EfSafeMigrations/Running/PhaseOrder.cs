using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>
/// The ordering rules, checked before anything changes: Backfill needs the group's Expand, Contract its
/// Expand and Backfill; an Expand that changes a table an earlier group's pending Contract also changes
/// waits for that group.
/// </summary>
internal static class PhaseOrder
{
    /// <summary>One group, as the rules see it: each phase, whether it is applied, and the tables it changes.</summary>
    public sealed record Group(string Name, IReadOnlyList<(MigrationPhase Phase, bool Applied, Func<IReadOnlySet<string>> Tables)> Phases)
    {
        public bool IsDone(MigrationPhase phase) => Phases.All(p => p.Phase != phase || p.Applied);

        public bool IsPending(MigrationPhase phase) => Phases.Any(p => p.Phase == phase && !p.Applied);
    }

    public static void Check(MigrationPhase phase, IReadOnlyList<Group> groups, IReadOnlyList<Group> pending)
    {
        var needs = phase switch
        {
            MigrationPhase.Backfill => new[] { MigrationPhase.Expand },
            MigrationPhase.Contract => [MigrationPhase.Expand, MigrationPhase.Backfill],
            _ => [],
        };
        var early = pending.Where(g => needs.Any(n => !g.IsDone(n))).ToList();
        if (early.Count > 0)
        {
            throw new RunnerRefusal(ExitCodes.Refused,
                $"{phase} refused, nothing changed: {string.Join("; ", early.Select(g => $"{g.Name} still needs its {string.Join(" and ", needs.Where(n => !g.IsDone(n)))}"))}. "
                + $"Run {string.Join(", then ", needs.Where(n => early.Any(g => !g.IsDone(n))).Select(n => "`dotnet safe-migrate phase " + n.ToString().ToLowerInvariant() + "`"))} first.");
        }

        if (phase != MigrationPhase.Expand)
        {
            return;
        }

        foreach (var group in pending)
        {
            var touched = group.Phases.First(p => p.Phase == MigrationPhase.Expand).Tables();
            foreach (var earlier in groups.TakeWhile(g => g.Name != group.Name).Where(g => g.IsPending(MigrationPhase.Contract)))
            {
                var overlap = earlier.Phases.First(p => p.Phase == MigrationPhase.Contract).Tables().Intersect(touched).ToList();
                if (overlap.Count > 0)
                {
                    throw new RunnerRefusal(ExitCodes.Refused,
                        $"Expand of {group.Name} refused, nothing changed: it changes {string.Join(", ", overlap)}, which the pending Contract of {earlier.Name} also changes. "
                        + $"Finish {earlier.Name} first: run the phases with --to {earlier.Name} (expand, backfill, roll out, contract), then {group.Name}.");
                }
            }
        }
    }

    /// <summary>The backfill problems that refuse a phase before it starts: a placeholder expression, a table without a key.</summary>
    public static void CheckBackfills(IEnumerable<(string MigrationId, string Table, string Column, string ValueSql, int KeyColumns)> backfills)
    {
        var problems = new List<string>();
        foreach (var (migration, table, column, valueSql, keys) in backfills)
        {
            if (valueSql.Contains(BackfillSql.PlaceholderMarker, StringComparison.Ordinal))
            {
                problems.Add($"{migration}: the backfill of {table}.{column} is still the placeholder; write its SQL expression in the migration and build again");
            }

            if (keys == 0)
            {
                problems.Add($"{migration}: table {table} has no primary key, so {column} cannot be backfilled in batches; give the table a primary key in an earlier migration");
            }
        }

        if (problems.Count > 0)
        {
            throw new RunnerRefusal(ExitCodes.Refused, "Refused, nothing changed: " + string.Join("; ", problems) + ".");
        }
    }
}
