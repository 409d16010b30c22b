using System.Globalization;
using EfSafeMigrations.Running.Protocol;
using Spectre.Console;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>How each event reads as a line of text (Spectre markup, escaped).</summary>
internal static class EventText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary><c>Expand    20261121074356_CustomerDetails_Expand  done in 0.4 s</c>.</summary>
    public static string Step(StepEvent step)
    {
        var status = step.Status switch
        {
            "done" => "[green]done[/]",
            "failed" => "[red]failed[/]",
            "skipped" => "[grey]skipped[/]",
            "rolled-back" => "[yellow]rolled back[/]",
            "stopped" => "[yellow]stopped[/]",
            "started" => "[grey]started[/]",
            var other => Markup.Escape(other),
        };
        var seconds = step.Seconds is { } s ? string.Create(Invariant, $" in {s:0.0} s") : string.Empty;
        var detail = string.IsNullOrWhiteSpace(step.Detail) ? string.Empty : ": " + Markup.Escape(step.Detail);
        return $"{Phase(step.Phase)}{Markup.Escape(step.MigrationId)}  {status}{seconds}{detail}";
    }

    /// <summary>A group's phases on one line (outside <c>status</c>).</summary>
    public static string Group(GroupStatusEvent group)
        => $"[bold]{Markup.Escape(group.Group)}[/]  "
            + string.Join("  ", group.Phases.Select(p => $"{p.Phase} {PhaseState(p)}"));

    /// <summary>A phase's state for the status table: ✓ applied, running, failed, stopped or pending.</summary>
    public static string PhaseState(PhaseStatus? phase)
        => phase switch
        {
            null => "[grey]-[/]",
            { Applied: true } => "[green]✓ applied[/]",
            { State: "running" } => "[blue]running[/]",
            { State: "failed" } => "[red]failed[/]",
            { State: "stopped" } => "[yellow]stopped[/]",
            _ => "[yellow]pending[/]",
        };

    /// <summary><c>Backfill  Customers.Email  12,000 / 20,000 rows (60%), 5,000 rows/s, ETA 2 s</c>.</summary>
    public static string Progress(BackfillProgressEvent progress)
        => $"{Phase(MigrationPhase.Backfill)}{Markup.Escape(progress.Target)}  {Markup.Escape(ProgressFigures(progress))}";

    /// <summary>The figures of a backfill's progress, without its target.</summary>
    public static string ProgressFigures(BackfillProgressEvent progress)
    {
        if (progress.Finished)
        {
            return string.Create(Invariant, $"{progress.RowsDone:N0} rows, done");
        }

        var percent = progress.RowsTotal > 0 ? Math.Min(100, 100.0 * progress.RowsDone / progress.RowsTotal) : 0;
        return string.Create(
            Invariant,
            $"{progress.RowsDone:N0} / {progress.RowsTotal:N0} rows ({percent:0}%), {progress.RowsPerSecond:N0} rows/s, ETA {Eta(progress)}");
    }

    /// <summary>The time left at the current rate.</summary>
    public static string Eta(BackfillProgressEvent progress)
    {
        if (progress.RowsPerSecond <= 0)
        {
            return "unknown";
        }

        var left = TimeSpan.FromSeconds(Math.Max(0, progress.RowsTotal - progress.RowsDone) / progress.RowsPerSecond);
        return left.TotalSeconds switch
        {
            < 60 => string.Create(Invariant, $"{Math.Ceiling(left.TotalSeconds):0} s"),
            < 3600 => string.Create(Invariant, $"{(int)left.TotalMinutes} min {left.Seconds} s"),
            _ => string.Create(Invariant, $"{(int)left.TotalHours} h {left.Minutes} min"),
        };
    }

    /// <summary><c>Retry     &lt;id&gt;: attempt 1 hit the lock timeout (...); next attempt in 0.2 s</c>.</summary>
    public static string Retry(RetryEvent retry)
        => string.Create(
            Invariant,
            $"[yellow]{"Retry",-10}[/]{Markup.Escape(retry.MigrationId)}: attempt {retry.Attempt} failed ({Markup.Escape(retry.Reason)}); next attempt in {retry.DelaySeconds:0.0} s");

    /// <summary><c>Waiting   for ... (3 s so far)</c>.</summary>
    public static string Wait(WaitEvent wait)
        => string.Create(Invariant, $"[yellow]{"Waiting",-10}[/]for {Markup.Escape(wait.Reason)} ({wait.Seconds:0} s so far)");

    /// <summary><c>  hook notify (after-backfill, AddEmail): done in 0.2 s</c>.</summary>
    public static string Hook(HookEvent hook)
    {
        var status = hook.Status switch
        {
            "done" => "[green]done[/]",
            "failed" => "[red]failed[/]",
            "skipped" => "[grey]skipped[/]",
            var other => Markup.Escape(other),
        };
        var seconds = hook.Seconds is { } s ? string.Create(Invariant, $" in {s:0.0} s") : string.Empty;
        var detail = string.IsNullOrWhiteSpace(hook.Detail) ? string.Empty : ": " + Markup.Escape(hook.Detail);
        return $"  hook {Markup.Escape(hook.Hook)} ({Markup.Escape(hook.On)}, {Markup.Escape(hook.Group)}): {status}{seconds}{detail}";
    }

    /// <summary><c>  gate old-instances before contract of AddEmail: closed: 2 instances run code older than AddEmail: ...</c>.</summary>
    public static string Gate(GateEvent gate)
    {
        var state = gate.Passed ? "[green]open[/]" : "[yellow]closed[/]";
        var detail = string.IsNullOrWhiteSpace(gate.Detail) ? string.Empty : ": " + Markup.Escape(gate.Detail);
        return $"  gate {Markup.Escape(gate.Gate)} before {gate.Phase.ToString().ToLowerInvariant()} of {Markup.Escape(gate.Group)}: {state}{detail}";
    }

    /// <summary><c>  AddEmail.backfilled  on   set by phase backfill at 2026-11-21 09:54:41 UTC</c>, the name padded to <paramref name="width"/>.</summary>
    public static string Flag(FlagStatusEvent flag, int width)
    {
        var state = flag.Enabled ? "[green]on [/]" : "[grey]off[/]";
        return string.Create(
            Invariant,
            $"  {Markup.Escape(flag.Name.PadRight(width))}  {state}  set by {Markup.Escape(flag.SetBy)} at {flag.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
    }

    /// <summary>
    /// <c>  web-1 on host-a (pid 42, Shop): live, newest migration 2026..._AddEmail_Expand, last heartbeat 3 s ago; blocks the Contract of AddEmail</c>.
    /// </summary>
    public static string Instance(InstanceStatusEvent instance)
    {
        var state = instance.Live ? "[green]live[/]" : "[grey]stale[/]";
        var newest = instance.NewestMigration is { } id ? "newest migration " + Markup.Escape(id) : "no migrations";
        var blocks = instance.Blocks.Count == 0
            ? string.Empty
            : $"; [yellow]blocks the Contract of {Markup.Escape(string.Join(", ", instance.Blocks))}[/]";
        return string.Create(
            Invariant,
            $"  {Markup.Escape(instance.Id)} on {Markup.Escape(instance.Host)} (pid {instance.ProcessId}, {Markup.Escape(instance.App)}): {state}, {newest}, last heartbeat {Age(instance.SecondsSinceHeartbeat)} ago{blocks}");
    }

    /// <summary>A time span in whole seconds, minutes or hours: <c>3 s</c>, <c>5 min</c>, <c>2 h</c>.</summary>
    public static string Age(double seconds)
        => seconds switch
        {
            < 120 => string.Create(Invariant, $"{Math.Max(0, Math.Floor(seconds)):0} s"),
            < 7200 => string.Create(Invariant, $"{Math.Floor(seconds / 60):0} min"),
            _ => string.Create(Invariant, $"{Math.Floor(seconds / 3600):0} h"),
        };

    /// <summary>The phase's name, coloured and padded to line up.</summary>
    public static string Phase(MigrationPhase phase)
    {
        var colour = phase switch
        {
            MigrationPhase.Expand => "cyan",
            MigrationPhase.Backfill => "blue",
            _ => "magenta",
        };
        return $"[{colour}]{phase,-10}[/]";
    }

    /// <summary>A lint finding as <c>path(line,1): error ESM0001: message fix</c>.</summary>
    public static string Lint(LintEvent finding)
        => $"{finding.File ?? finding.MigrationId}{(finding.Line is { } line ? $"({line},1)" : string.Empty)}: {finding.Severity} {finding.Code}: {finding.Message} {finding.Fix}";
}
