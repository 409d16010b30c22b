using System.Diagnostics;
using System.Globalization;
using System.Text;
using EfSafeMigrations.Benchmarks.Measure;
using EfSafeMigrations.Benchmarks.Scenarios;

namespace EfSafeMigrations.Benchmarks.Reporting;

/// <summary>
/// The latency-over-time picture: per scenario, the writers' median and maximum latency per time slice
/// (log scale), their committed transactions per second, failed transactions, and the phases shaded.
/// Writes the data and a gnuplot script, then runs gnuplot if it is installed.
/// </summary>
public static class PlotWriter
{
    /// <summary>The width of a time slice, in seconds.</summary>
    public const double Slice = 0.2;

    /// <summary>The picture's file name.</summary>
    public const string Picture = "latency.png";

    private const string Script = "latency.gp";

    private static readonly string[] PhaseColors = ["#fdd9b5", "#c6dbef", "#c7e9c0", "#e5d8f0"];

    /// <summary>Writes the data and the script to <paramref name="folder"/> and draws the picture; returns gnuplot's complaint, or null when the picture was drawn.</summary>
    public static async Task<string?> WriteAsync(BenchmarkResult result, string folder)
    {
        var maxMs = 1.0;
        var maxRate = 1.0;
        var xMax = result.Scenarios.Max(s => Timestamps.Seconds(s.Start, s.End));
        foreach (var run in result.Scenarios)
        {
            var data = new StringBuilder("# seconds  median_ms  max_ms  committed_per_s  failed\n");
            foreach (var slice in Slices(run))
            {
                data.AppendLine(Invariant($"{slice.T:0.000} {Number(slice.Median)} {Number(slice.Max)} {slice.Committed / Slice:0.0} {slice.Failed}"));
                maxMs = Math.Max(maxMs, slice.Max ?? 0);
                maxRate = Math.Max(maxRate, slice.Committed / Slice);
            }

            await File.WriteAllTextAsync(Path.Combine(folder, $"latency-{run.Key}.dat"), data.ToString()).ConfigureAwait(false);
        }

        var top = Math.Pow(10, Math.Ceiling(Math.Log10(maxMs * 1.5)));
        await File.WriteAllTextAsync(Path.Combine(folder, Script), ScriptText(result, xMax, top, maxRate * 1.05)).ConfigureAwait(false);
        return await DrawAsync(folder).ConfigureAwait(false);
    }

    private static string ScriptText(BenchmarkResult result, double xMax, double top, double maxRate)
    {
        var o = result.Options;
        var text = new StringBuilder();
        text.AppendLine("# Draws latency.png from the latency-*.dat files: gnuplot latency.gp");
        text.AppendLine("set terminal pngcairo size 1400,1250 font 'DejaVu Sans,11'");
        text.AppendLine(Invariant($"set output '{Picture}'"));
        text.AppendLine(Invariant($"set multiplot layout 3,1 margins 0.07,0.93,0.09,0.94 spacing 0.07 title \"Writer latency while the same change is applied: {o.Rows:N0} rows, {o.Writers} writers, {result.Machine.Cores} cores ({result.StartedAt:yyyy-MM-dd})\" font ',13'"));
        text.AppendLine("set logscale y");
        text.AppendLine(Invariant($"set yrange [0.05:{top}]"));
        text.AppendLine("set ytics nomirror ('0.1 ms' 0.1, '1 ms' 1, '10 ms' 10, '100 ms' 100, '1 s' 1000, '10 s' 10000, '100 s' 100000, '1000 s' 1000000)");
        text.AppendLine(Invariant($"set y2range [0:{Math.Ceiling(maxRate / 1000) * 1000:0}]"));
        text.AppendLine("set y2tics");
        text.AppendLine("set y2label 'committed tx/s'");
        text.AppendLine("set ylabel 'latency'");
        text.AppendLine(Invariant($"set xrange [0:{Math.Ceiling(xMax)}]"));
        text.AppendLine(Invariant($"set xtics {XTicStep(xMax)}"));
        text.AppendLine("set mxtics 5");
        text.AppendLine("set grid ytics xtics");
        text.AppendLine("unset key");
        var last = result.Scenarios[^1];
        foreach (var run in result.Scenarios)
        {
            text.AppendLine("unset object");
            text.AppendLine("unset label");
            text.AppendLine("unset arrow");
            var i = 0;
            foreach (var phase in run.Phases)
            {
                var (from, to) = (run.Offset(phase.Start), run.Offset(phase.End));
                text.AppendLine(Invariant($"set object {i + 1} rect from {from:0.000}, graph 0 to {to:0.000}, graph 1 behind fc rgb '{PhaseColors[i % PhaseColors.Length]}' fs solid 1.0 noborder"));
                text.AppendLine(Invariant($"set label {i + 1} \"{phase.Name}\\n{phase.Seconds:0.0} s\" at {from + 0.1:0.000}, graph 0.90 left front"));
                i++;
            }

            foreach (var (at, label) in run.Markers)
            {
                var x = run.Offset(at);
                text.AppendLine(Invariant($"set arrow from {x:0.000}, graph 0 to {x:0.000}, graph 1 nohead dt 2 lw 2 lc rgb '#555555' front"));
                text.AppendLine(Invariant($"set label \"{label}\" at {x + 0.1:0.000}, graph 0.06 left front textcolor rgb '#555555'"));
            }

            text.AppendLine(run == last ? "set xlabel 'seconds since the writers started'" : "unset xlabel");
            if (run == last)
            {
                // One legend for the three panels, under the last one.
                text.AppendLine("set key horizontal center at screen 0.5, screen 0.025 maxcols 4 maxrows 1 width 2 samplen 2 box");
            }

            text.AppendLine($"set title \"{run.Title}\"");
            var file = $"latency-{run.Key}.dat";
            text.AppendLine(Invariant($"plot '{file}' using 1:4 axes x1y2 with lines lw 1 lc rgb '#999999' title 'committed tx/s (right axis)', \\"));
            text.AppendLine(Invariant($"     '{file}' using 1:3 with points pt 7 ps 0.45 lc rgb '#d62728' title 'max latency per {Slice:0.0} s', \\"));
            text.AppendLine(Invariant($"     '{file}' using 1:2 with lines lw 1.5 lc rgb '#1f4e9c' title 'median latency per {Slice:0.0} s', \\"));
            text.AppendLine(Invariant($"     '{file}' using 1:($5 > 0 ? $3 : 1/0) with points pt 2 ps 2 lw 2 lc rgb 'black' title 'slice with failed transactions'"));
        }

        text.AppendLine("unset multiplot");
        return text.ToString();
    }

    private static int XTicStep(double xMax) => xMax switch
    {
        <= 15 => 1,
        <= 40 => 5,
        <= 120 => 10,
        <= 300 => 30,
        <= 900 => 60,
        _ => 300,
    };

    private static async Task<string?> DrawAsync(string folder)
    {
        try
        {
            using var gnuplot = Process.Start(new ProcessStartInfo("gnuplot", Script)
            {
                WorkingDirectory = folder,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            if (gnuplot == null)
            {
                return "gnuplot did not start";
            }

            var errors = await gnuplot.StandardError.ReadToEndAsync().ConfigureAwait(false);
            await gnuplot.WaitForExitAsync().ConfigureAwait(false);
            return gnuplot.ExitCode == 0 ? null : $"gnuplot exited with {gnuplot.ExitCode}: {errors.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "gnuplot is not installed (apt-get install gnuplot-nox); the data and latency.gp are written, run `gnuplot latency.gp` in the report's folder";
        }
    }

    private static IEnumerable<(double T, double? Median, double? Max, int Committed, int Failed)> Slices(ScenarioRun run)
    {
        var count = (int)Math.Ceiling(Timestamps.Seconds(run.Start, run.End) / Slice);
        var latencies = new List<double>[count];
        var committed = new int[count];
        var failed = new int[count];
        for (var i = 0; i < count; i++)
        {
            latencies[i] = [];
        }

        foreach (var sample in run.Samples)
        {
            var started = Math.Clamp((int)(run.Offset(sample.Start) / Slice), 0, count - 1);
            latencies[started].Add(Timestamps.Milliseconds(sample.Start, sample.End));
            failed[started] += sample.Ok ? 0 : 1;
            if (sample.Ok)
            {
                committed[Math.Clamp((int)(run.Offset(sample.End) / Slice), 0, count - 1)]++;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var slice = latencies[i];
            slice.Sort();
            yield return ((i + 0.5) * Slice, slice.Count == 0 ? null : slice[slice.Count / 2], slice.Count == 0 ? null : slice[^1], committed[i], failed[i]);
        }
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "NaN";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
