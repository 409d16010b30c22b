using System.Reflection;

// The runner host runs on the app's .deps.json, so "EfSafeMigrations" below is the app's own EfSafeMigrations, built
// for the app's EF Core line. It is found by name, not referenced: one host serves apps on every EF Core line (as
// `dotnet ef`'s ef.dll loads the app's EF Core Design by name).
// The request comes as one JSON line on standard input; events go out as JSON lines on standard
// output. Ctrl+C (SIGINT) or SIGTERM stop a backfill after its current batch.
// The tool keeps standard input open while it waits for the result: its end means the tool is gone (killed with
// SIGKILL, or crashed), nobody reads the events any more, and the host must not go on holding the runner's lock. It then
// stops as on SIGTERM, and ends at once if that has not ended it within ParentGoneGrace.
const string Library = "EfSafeMigrations";
const string EntryType = "EfSafeMigrations.Running.RunnerHost";
var parentGoneGrace = TimeSpan.FromSeconds(10);

Func<TextReader, TextWriter, CancellationToken, Task<int>> run;
try
{
    var method = Assembly.Load(new AssemblyName(Library)).GetType(EntryType, throwOnError: true)!
        .GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static, [typeof(TextReader), typeof(TextWriter), typeof(CancellationToken)])
        ?? throw new MissingMethodException(EntryType, "RunAsync");
    run = method.CreateDelegate<Func<TextReader, TextWriter, CancellationToken, Task<int>>>();
}
catch (Exception error) when (error is FileNotFoundException or FileLoadException or TypeLoadException or MissingMethodException or ArgumentException)
{
    Console.Error.WriteLine($"error: The app's {Library} cannot run this host ({error.Message}). Reference the {Library} package of the same release as the tool.");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM,
    context =>
    {
        context.Cancel = true;
        stop.Cancel();
    });

var request = await Console.In.ReadLineAsync().ConfigureAwait(false);
if (request != null)
{
    _ = Task.Run(async () =>
    {
        // Whatever more comes is not read: only the end of the stream counts.
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) != null)
        {
        }

        await Console.Error.WriteLineAsync("The tool that started this runner host is gone: stopping after the current batch or step.").ConfigureAwait(false);
        stop.Cancel();
        await Task.Delay(parentGoneGrace).ConfigureAwait(false);
        await Console.Error.WriteLineAsync($"Not stopped within {parentGoneGrace.TotalSeconds:0} s: ending now; a re-run resumes.").ConfigureAwait(false);
        Environment.Exit(1);
    });
}

using var requestReader = new StringReader(request ?? string.Empty);
return await run(requestReader, Console.Out, stop.Token).ConfigureAwait(false);
