using System.Runtime.InteropServices;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>
/// Ctrl+C (SIGINT) and SIGTERM on the tool: the process does not end; <see cref="Token"/> is cancelled and
/// <see cref="Received"/> raised on each signal, for whoever is running to stop gracefully.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration[] registrations;
    private int count;

    public TerminationSignals()
    {
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
        ];
    }

    /// <summary>Raised on every signal, with how many have come so far (1 for the first).</summary>
    public event Action<int>? Received;

    /// <summary>Cancelled on the first signal.</summary>
    public CancellationToken Token => stop.Token;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        stop.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        var number = Interlocked.Increment(ref count);
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        Received?.Invoke(number);
    }
}
