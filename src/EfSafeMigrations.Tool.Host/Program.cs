using System.Reflection;

// The runner host runs on the app's .deps.json, so "EfSafeMigrations" below is the app's own EfSafeMigrations, built
// for the app's EF Core line. It is found by name, not referenced: one host serves apps on every EF Core line (as
// `dotnet ef`'s ef.dll loads the app's EF Core Design by name).
// The request comes as one JSON line on standard input; events go out as JSON lines on standard
// output. Ctrl+C (SIGINT) or SIGTERM stop a backfill after its current batch.
const string Library = "EfSafeMigrations";
const string EntryType = "EfSafeMigrations.Running.RunnerHost";

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
return await run(Console.In, Console.Out, stop.Token);
