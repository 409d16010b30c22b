namespace EfSafeMigrations.Dialects;

/// <summary>
/// How a replica is asked for its own lag, on the replica itself: for MySQL and MariaDB, whose primary does not know how
/// far its replicas are behind.
/// </summary>
/// <param name="Statements">The statements to ask, in order: when the server refuses one (an older server that does not know it), the next is asked.</param>
/// <param name="LagColumns">The names the column of the seconds the replica is behind may have (the first one the answer has is read); NULL while it does not replicate.</param>
/// <param name="ThreadColumns">The replication threads that must run, each as the names its column may have; a value other than <c>Yes</c> means it does not run.</param>
/// <param name="Privilege">What the replica's login needs to be allowed to ask, for the message when it is not.</param>
public sealed record ReplicaStatusSql(
    IReadOnlyList<string> Statements,
    IReadOnlyList<string> LagColumns,
    IReadOnlyList<IReadOnlyList<string>> ThreadColumns,
    string Privilege);
