using System.Globalization;

namespace EfSafeMigrations.Running;

/// <summary>A session a DDL statement waited for: enough to name it in progress output, never its statement's parameters.</summary>
/// <param name="Session">Its id on the server (PostgreSQL: the backend's pid).</param>
/// <param name="Who">Its application name, or the kind of process (autovacuum worker).</param>
/// <param name="State">What it does: active, idle in transaction, ...</param>
/// <param name="Seconds">How long its transaction has run.</param>
/// <param name="Statement">The first words of its statement.</param>
/// <param name="Autovacuum">Whether it is an autovacuum worker.</param>
/// <param name="Wraparound">Whether that autovacuum prevents transaction id wraparound (never to be cancelled).</param>
/// <param name="Token">Changes when its transaction (an autovacuum: its table) ends.</param>
internal sealed record LockBlocker(int Session, string Who, string State, double Seconds, string Statement, bool Autovacuum, bool Wraparound, string Token)
{
    /// <summary><c>pid 4242 (orders-api, idle in transaction for 12.3 s: UPDATE "Customers" SET)</c>.</summary>
    public override string ToString()
        => string.Create(
            CultureInfo.InvariantCulture,
            $"pid {Session} ({Who}{(State.Length > 0 ? ", " + State : string.Empty)} for {Seconds:0.0} s{(Statement.Length > 0 ? ": " + Statement : string.Empty)})");
}
