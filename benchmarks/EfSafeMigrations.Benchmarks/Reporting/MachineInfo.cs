using System.Runtime.InteropServices;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>The machine the benchmark ran on.</summary>
public sealed record MachineInfo(int Cores, string Cpu, string Memory, string OperatingSystem, string Runtime)
{
    /// <summary>Reads it from the runtime and, on Linux, /proc and /etc/os-release.</summary>
    public static MachineInfo Read()
    {
        var cpu = Field("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = Field("/proc/meminfo", "MemTotal", ':') is { } total && long.TryParse(total.Split(' ')[0], out var kib)
            ? $"{kib / 1024.0 / 1024.0:0.0} GiB"
            : "?";
        var os = Field("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription;
        return new MachineInfo(Environment.ProcessorCount, cpu, memory, os, RuntimeInformation.FrameworkDescription);
    }

    /// <summary>The 1, 5 and 15 minute load averages, or "?" where the system does not say.</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
        catch (UnauthorizedAccessException)
        {
            return "?";
        }
    }

    private static string? Field(string path, string name, char separator)
    {
        try
        {
            return File.ReadLines(path)
                .Select(line => line.Split(separator, 2))
                .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
                .Select(parts => parts[1].Trim())
                .FirstOrDefault();
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
