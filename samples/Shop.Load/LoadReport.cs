using System.Globalization;

namespace Shop.Load;

/// <summary>
/// Sums up request logs per deploy phase: requests, failures and wrong reads, median and worst
/// latency, for each app version. Phases come from a markers file of "unix-ms,label" lines.
/// </summary>
public static class LoadReport
{
    /// <summary>Prints the report; returns the number of failed requests and wrong reads.</summary>
    public static int Print(IEnumerable<string> logPaths, string markersPath, TextWriter output)
    {
        var markers = File.ReadAllLines(markersPath)
            .Select(l => l.Split(',', 2))
            .Select(p => (At: long.Parse(p[0], CultureInfo.InvariantCulture), Label: p[1]))
            .OrderBy(m => m.At)
            .ToList();
        var requests = logPaths.Where(File.Exists).SelectMany(File.ReadAllLines)
            .Select(l => l.Split(',', 5))
            .Select(p => (At: long.Parse(p[0], CultureInfo.InvariantCulture), Version: p[1], Operation: p[2], Latency: double.Parse(p[3], CultureInfo.InvariantCulture), Outcome: p[4]))
            .ToList();

        output.WriteLine($"{"phase",-34} {"app",-4} {"requests",9} {"failed",7} {"wrong reads",12} {"p50 ms",8} {"worst ms",9}");
        var problems = 0;
        for (var i = 0; i < markers.Count; i++)
        {
            var (from, label) = markers[i];
            var until = i + 1 < markers.Count ? markers[i + 1].At : long.MaxValue;
            foreach (var version in new[] { "old", "new" })
            {
                var slice = requests.Where(r => r.Version == version && r.At >= from && r.At < until).ToList();
                if (slice.Count == 0)
                {
                    continue;
                }

                var timed = slice.Where(r => r.Operation != "read-check").Select(r => r.Latency).Order().ToList();
                var failed = slice.Count(r => r.Outcome.StartsWith("failed", StringComparison.Ordinal));
                var wrong = slice.Count(r => r.Outcome.StartsWith("wrong", StringComparison.Ordinal));
                problems += failed + wrong;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{label,-34} {version,-4} {timed.Count,9} {failed,7} {wrong,12} {timed[timed.Count / 2],8:0.0} {timed[^1],9:0.0}"));
                foreach (var sample in slice.Where(r => !r.Outcome.Equals("ok", StringComparison.Ordinal)).Take(3))
                {
                    output.WriteLine($"    {sample.Operation}: {sample.Outcome}");
                }
            }
        }

        return problems;
    }
}
