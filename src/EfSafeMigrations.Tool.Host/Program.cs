using EfSafeMigrations.Running;

// The request comes as one JSON line on standard input; events go out as JSON lines on standard
// output. Ctrl+C (SIGINT) or SIGTERM stop a backfill after its current batch.
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
return await RunnerHost.RunAsync(Console.In, Console.Out, stop.Token);
