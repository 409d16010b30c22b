using System.Globalization;

namespace EfSafeMigrations.Benchmarks.Measure;

/// <summary>
/// The machine's CPU time so far (from /proc, in clock ticks): all of it, the idle part, this process's,
/// and the local PostgreSQL server's (the postmaster, its live processes and those it has reaped). The
/// difference of two snapshots says how busy the machine was and how much of that was other work.
/// </summary>
/// <param name="Total">All CPUs' ticks, busy or idle.</param>
/// <param name="Idle">Idle and I/O-wait ticks.</param>
/// <param name="Own">This process's ticks.</param>
/// <param name="Server">The server's ticks; null when the server is not a local process this one can see.</param>
public sealed record CpuSnapshot(long Total, long Idle, long Own, long? Server)
{
    /// <summary>Reads the counters now; <paramref name="postmasterPid"/> is the server's main process, if known.</summary>
    public static CpuSnapshot? Take(int? postmasterPid)
    {
        try
        {
            var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var own = ProcessTicks("self", withChildren: true) ?? 0;
            long? server = null;
            if (postmasterPid is { } pid && ProcessTicks(pid.ToString(CultureInfo.InvariantCulture), withChildren: true) is { } main)
            {
                server = main + Children(pid).Sum(child => ProcessTicks(child, withChildren: false) ?? 0);
            }

            return new CpuSnapshot(cpu.Sum(), cpu[3] + cpu[4], own, server);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The postmaster of the backend <paramref name="backendPid"/>, when that process is a PostgreSQL process visible here.</summary>
    public static int? ParentOf(int backendPid)
    {
        var pid = backendPid.ToString(CultureInfo.InvariantCulture);
        try
        {
            if (!File.ReadAllText($"/proc/{pid}/comm").StartsWith("postgres", StringComparison.Ordinal))
            {
                return null;
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Stat(pid) is { } fields && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var parent) ? parent : null;
    }

    /// <summary>What happened between <paramref name="before"/> and this snapshot, as shares of the whole machine.</summary>
    public CpuUse Since(CpuSnapshot before)
    {
        var total = Math.Max(1, Total - before.Total);
        var busy = (double)(total - (Idle - before.Idle)) / total;
        var own = (double)(Own - before.Own) / total;
        double? server = Server is { } s && before.Server is { } b ? (double)(s - b) / total : null;
        return new CpuUse(busy, own, server);
    }

    private static IEnumerable<string> Children(int parent)
        => Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name.All(char.IsAsciiDigit) && Stat(name) is { } fields && fields[1] == parent.ToString(CultureInfo.InvariantCulture));

    /// <summary>utime + stime (+ cutime + cstime) of a process.</summary>
    private static long? ProcessTicks(string pid, bool withChildren)
    {
        if (Stat(pid) is not { } fields)
        {
            return null;
        }

        // After "pid (comm)": field 3 is state, so utime (14) is at index 11 of what follows the name.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return withChildren ? ticks + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : ticks;
    }

    /// <summary>The fields of /proc/PID/stat after the command name (state first, then ppid, ...); null if it is gone.</summary>
    private static string[]? Stat(string pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
