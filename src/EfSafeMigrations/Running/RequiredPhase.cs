using EfSafeMigrations.Deployment;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>
/// <c>status --require</c>: whether every group has applied every phase it has up to the required one (backfilled means
/// its Expand and its Backfill), so a deploy pipeline can hold the new app version back until the database is ready.
/// </summary>
internal static class RequiredPhase
{
    /// <summary>Exit code 0 when every group is there; otherwise 3, naming the groups behind and the commands that bring them there.</summary>
    public static (int ExitCode, string Message) Check(IReadOnlyList<GroupProgress> groups, MigrationPhase required)
    {
        var needed = PhaseNaming.All.Take(PhaseNaming.All.ToList().IndexOf(required) + 1).ToList();
        var behind = groups
            .Select(g => (g.Name, Pending: g.Phases.Where(m => !m.Applied && needed.Contains(m.Phase)).Select(m => m.Phase).ToList()))
            .Where(g => g.Pending.Count > 0)
            .ToList();
        var state = StateName(required);
        if (behind.Count == 0)
        {
            return (ExitCodes.Done, $"Every group is {state} ({groups.Count} {(groups.Count == 1 ? "group" : "groups")}).");
        }

        var commands = needed
            .Where(p => behind.Any(g => g.Pending.Contains(p)))
            .Select(p => $"'dotnet safe-migrate phase {p.ToString().ToLowerInvariant()}'");
        return (ExitCodes.Refused,
            $"Not every group is {state}: {string.Join(", ", behind.Select(g => $"{g.Name} ({string.Join(" and ", g.Pending)} pending)"))}. "
            + $"Run {string.Join(", then ", commands)}.");
    }

    /// <summary>The state a phase brings a group to: expanded, backfilled, contracted.</summary>
    public static string StateName(MigrationPhase phase) => phase switch
    {
        MigrationPhase.Expand => "expanded",
        MigrationPhase.Backfill => "backfilled",
        _ => "contracted",
    };
}
