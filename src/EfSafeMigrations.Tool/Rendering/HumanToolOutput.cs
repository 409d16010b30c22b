using System.Threading.Channels;
using EfSafeMigrations.Running.Protocol;
using Spectre.Console;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>
/// Readable output: a line per step, hook, gate, retry, wait and message; SQL as it is; the <c>status</c> table with its
/// flags and instances; a live progress bar per backfill on a terminal (plain lines, at most one a second, otherwise);
/// the result last. Errors go to standard error.
/// </summary>
internal sealed class HumanToolOutput : IToolOutput
{
    private static readonly TimeSpan PlainProgressInterval = TimeSpan.FromSeconds(1);

    private readonly IAnsiConsole console;
    private readonly IAnsiConsole errorConsole;
    private readonly OutputScrubber scrubber;
    private readonly bool verbose;
    private readonly bool live;
    private readonly bool collectGroups;
    private readonly List<GroupStatusEvent> groups = [];
    private readonly List<FlagStatusEvent> flags = [];
    private readonly List<InstanceStatusEvent> instances = [];
    private readonly List<GateEvent> gates = [];
    private readonly ProgressThrottle throttle = new(PlainProgressInterval);

    private HumanToolOutput(IAnsiConsole console, IAnsiConsole errorConsole, OutputScrubber scrubber, bool verbose, bool live, bool collectGroups)
    {
        this.console = console;
        this.errorConsole = errorConsole;
        this.scrubber = scrubber;
        this.verbose = verbose;
        this.live = live;
        this.collectGroups = collectGroups;
    }

    /// <summary>
    /// Output on the process's console. Colours and the live progress bar only where standard output is a terminal and
    /// <paramref name="noColor"/> is off (NO_COLOR is honoured too); plain text otherwise.
    /// </summary>
    public static HumanToolOutput Create(OutputScrubber scrubber, bool verbose, bool noColor, RunnerCommand command)
    {
        var console = NewConsole(Console.Out, noColor, Console.IsOutputRedirected);
        var errorConsole = NewConsole(Console.Error, noColor, Console.IsErrorRedirected);
        var live = !noColor && !Console.IsOutputRedirected && console.Profile.Capabilities is { Ansi: true, Interactive: true };
        return new HumanToolOutput(console, errorConsole, scrubber, verbose, live, command is RunnerCommand.Status or RunnerCommand.Flag);
    }

    public void Info(string text) => console.MarkupLine(Markup.Escape(scrubber.Scrub(text)));

    public void Verbose(string text)
    {
        if (verbose)
        {
            console.MarkupLine($"[grey]{Markup.Escape(scrubber.Scrub(text))}[/]");
        }
    }

    public async Task RenderAsync(ChannelReader<HostEvent> events)
    {
        var reader = events.ReadAllAsync().GetAsyncEnumerator();
        await using (reader.ConfigureAwait(false))
        {
            HostEvent? carried = null;
            while (carried != null || await reader.MoveNextAsync().ConfigureAwait(false))
            {
                var current = carried ?? reader.Current;
                carried = null;
                if (live && current.Event is BackfillProgressEvent { Finished: false } progress)
                {
                    carried = await ShowLiveProgressAsync(progress, reader).ConfigureAwait(false);
                }
                else
                {
                    Show(current.Event);
                }
            }
        }

        if (groups.Count > 0)
        {
            console.Write(StatusTable.Build(groups));
        }

        if (flags.Count > 0)
        {
            console.MarkupLine("[bold]Flags[/]");
            var width = flags.Max(f => f.Name.Length);
            foreach (var flag in flags)
            {
                console.MarkupLine(EventText.Flag(flag, width));
            }
        }

        if (instances.Count > 0)
        {
            console.MarkupLine("[bold]Instances[/]");
            foreach (var instance in instances)
            {
                console.MarkupLine(EventText.Instance(instance));
            }
        }

        if (gates.Count > 0)
        {
            console.MarkupLine("[bold]Gates of each group's next phase[/]");
            foreach (var gate in gates)
            {
                console.MarkupLine(EventText.Gate(gate));
            }
        }
    }

    public void Stopping(string text) => errorConsole.MarkupLine($"[yellow]{Markup.Escape(scrubber.Scrub(text))}[/]");

    public void Result(int exitCode, string message, string? detail = null)
    {
        if (!string.IsNullOrWhiteSpace(detail))
        {
            errorConsole.WriteLine(scrubber.Scrub(detail));
        }

        var text = Markup.Escape(scrubber.Scrub(message));
        switch (exitCode)
        {
            case ExitCodes.Done:
                console.MarkupLine($"[green]{text}[/]");
                break;
            case ExitCodes.Refused:
                errorConsole.MarkupLine($"[yellow]Refused:[/] {text}");
                break;
            default:
                errorConsole.MarkupLine($"[red]error:[/] {text}");
                break;
        }
    }

    private static IAnsiConsole NewConsole(TextWriter writer, bool noColor, bool redirected)
    {
        // Redirected output (a log, a pipe) gets plain text.
        var plain = noColor || redirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });

        // Redirected output is read by programs and people with wide windows: no wrapping at an assumed 80 columns.
        if (redirected)
        {
            console.Profile.Width = 4096;
        }

        return console;
    }

    private void Show(RunnerEvent runnerEvent)
    {
        switch (runnerEvent)
        {
            case GroupStatusEvent group when collectGroups:
                groups.Add(group);
                break;
            case GroupStatusEvent group:
                console.MarkupLine(EventText.Group(group));
                break;
            case StepEvent step:
                console.MarkupLine(EventText.Step(step));
                break;
            case HookEvent hook:
                console.MarkupLine(EventText.Hook(hook));
                break;
            case GateEvent gate when collectGroups:
                gates.Add(gate);
                break;
            case GateEvent gate:
                console.MarkupLine(EventText.Gate(gate));
                break;
            case FlagStatusEvent flag when collectGroups:
                flags.Add(flag);
                break;
            case FlagStatusEvent flag:
                console.MarkupLine(EventText.Flag(flag, flag.Name.Length));
                break;
            case InstanceStatusEvent instance when collectGroups:
                instances.Add(instance);
                break;
            case InstanceStatusEvent instance:
                console.MarkupLine(EventText.Instance(instance));
                break;
            case SqlEvent sql:
                console.MarkupLine($"[grey]-- {Markup.Escape(sql.MigrationId)}[/]");
                console.WriteLine(sql.Sql.TrimEnd());
                break;
            case BackfillProgressEvent progress when throttle.ShouldShow(progress, DateTime.UtcNow):
                console.MarkupLine(EventText.Progress(progress));
                break;
            case RetryEvent retry:
                console.MarkupLine(EventText.Retry(retry));
                break;
            case WaitEvent wait:
                console.MarkupLine(EventText.Wait(wait));
                break;
            case MessageEvent { Verbose: true } message when verbose:
                console.MarkupLine($"[grey]{Markup.Escape(message.Text)}[/]");
                break;
            case MessageEvent { Verbose: false } message:
                console.MarkupLine(Markup.Escape(message.Text));
                break;
            case LintEvent finding:
                // MSBuild's canonical diagnostic form: IDEs and CI annotate the file and line from it.
                console.WriteLine(EventText.Lint(finding));
                break;
        }
    }

    /// <summary>
    /// A live progress bar for the backfill that <paramref name="first"/> reports (and any other running beside it),
    /// until a step, group or result event ends it; other events are written above the bars. Returns the event that
    /// ended it, or null at the end of the host's output.
    /// </summary>
    private async Task<HostEvent?> ShowLiveProgressAsync(BackfillProgressEvent first, IAsyncEnumerator<HostEvent> reader)
    {
        HostEvent? ending = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async context =>
            {
                var bars = new Dictionary<(string, string), ProgressTask>();
                Update(context, bars, first);
                while (await reader.MoveNextAsync().ConfigureAwait(false))
                {
                    switch (reader.Current.Event)
                    {
                        case BackfillProgressEvent progress:
                            Update(context, bars, progress);
                            break;
                        case StepEvent or GroupStatusEvent or ResultEvent:
                            ending = reader.Current;
                            return;
                        default:
                            Show(reader.Current.Event);
                            break;
                    }
                }
            })
            .ConfigureAwait(false);
        return ending;
    }

    private static void Update(ProgressContext context, Dictionary<(string, string), ProgressTask> bars, BackfillProgressEvent progress)
    {
        var key = (progress.MigrationId, progress.Target);
        var description = $"{EventText.Phase(MigrationPhase.Backfill)}{Markup.Escape(progress.Target)}  {Markup.Escape(EventText.ProgressFigures(progress))}";
        if (!bars.TryGetValue(key, out var bar))
        {
            bar = context.AddTask(description, autoStart: true, maxValue: Math.Max(1, progress.RowsTotal));
            bars[key] = bar;
        }

        bar.MaxValue = Math.Max(1, Math.Max(progress.RowsTotal, progress.RowsDone));
        bar.Value = progress.Finished ? bar.MaxValue : progress.RowsDone;
        bar.Description = description;
        if (progress.Finished)
        {
            bar.StopTask();
        }

        context.Refresh();
    }
}
