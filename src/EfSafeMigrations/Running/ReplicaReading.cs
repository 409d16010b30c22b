namespace EfSafeMigrations.Running;

/// <summary>What one named replica said of its lag.</summary>
/// <param name="Replica">The replica as <c>host:port</c>: never its connection string.</param>
/// <param name="Seconds">How far it is behind its primary; null when it does not say (see <paramref name="Problem"/>).</param>
/// <param name="Problem">Why its lag is unknown (it does not replicate, or could not be asked), as a phrase after its name; null when it answered.</param>
/// <param name="NotAReplica">It answered, but as a server that replicates from no primary.</param>
/// <param name="Unreachable">It could not be asked: no connection, or its login may not ask.</param>
internal sealed record ReplicaReading(string Replica, double? Seconds, string? Problem, bool NotAReplica = false, bool Unreachable = false);
