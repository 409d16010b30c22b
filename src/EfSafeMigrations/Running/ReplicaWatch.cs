using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Running;

/// <summary>
/// The replicas named to the runner (<see cref="RunnerSettings.Replicas"/>), each asked for its own lag: for MySQL and
/// MariaDB, whose primary does not know it. A replica that does not replicate (a stopped thread, a NULL lag) or cannot be
/// asked holds the backfill as a lagging one does: it was named to be waited for, and a replica that does not apply
/// what the primary writes falls further behind with every batch.
/// </summary>
internal sealed class ReplicaWatch
{
    private readonly IReadOnlyList<NamedReplica> _replicas;
    private readonly string _privilege;

    private ReplicaWatch(IReadOnlyList<NamedReplica> replicas, string privilege) => (_replicas, _privilege) = (replicas, privilege);

    /// <summary>
    /// The watch over <paramref name="replicas"/>, reached with <paramref name="primary"/>'s driver; null when none is named.
    /// Refuses (exit code 2, before anything is written) replicas on a dialect that reads the lag on the primary, and a
    /// connection string the driver cannot read.
    /// </summary>
    public static ReplicaWatch? For(DbConnection primary, IRunnerSql sql, IReadOnlyList<string> replicas)
    {
        if (replicas.Count == 0)
        {
            return null;
        }

        if (sql.ReplicaStatus is not { } status)
        {
            throw new RunnerRefusal(ExitCodes.Usage,
                "--replica names MySQL or MariaDB replicas, whose primary does not know their lag; this database's primary shows its streaming "
                + "replicas' lag itself (--max-replica-lag uses it), so leave --replica out; nothing was changed.");
        }

        var factory = DbProviderFactories.GetFactory(primary)
            ?? throw new RunnerRefusal(ExitCodes.Usage, "The database driver cannot open connections to other servers, so --replica cannot be used with it; nothing was changed.");
        var named = new List<NamedReplica>();
        for (var i = 0; i < replicas.Count; i++)
        {
            try
            {
                named.Add(new NamedReplica(factory, replicas[i], status));
            }
            catch (Exception error) when (error is ArgumentException or FormatException or InvalidOperationException)
            {
                // The driver's own message may quote the text, password included.
                throw new RunnerRefusal(ExitCodes.Usage,
                    $"The connection string of {Which(i, replicas.Count)} cannot be read by the database's driver: write it as that driver's Key=Value pairs "
                    + "(for example Server=replica1;Port=3306;Uid=monitor;Pwd=...); nothing was changed.");
            }
        }

        return new ReplicaWatch(named, status.Privilege);
    }

    /// <summary>
    /// Before the first write of a backfill: every replica answers, as a replica. One that cannot be asked fails the run
    /// (exit code 1), one that is no replica is refused (exit code 2), both with nothing changed; one that does not
    /// replicate just now is left to hold the backfill.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        foreach (var replica in _replicas)
        {
            var reading = await replica.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reading.NotAReplica)
            {
                throw new RunnerRefusal(ExitCodes.Usage,
                    $"--replica {reading.Replica} {reading.Problem}: name the replicas, not the primary; nothing was changed.");
            }

            if (reading.Unreachable)
            {
                throw new RunnerRefusal(ExitCodes.Failed,
                    $"The replica {reading.Replica} {reading.Problem}: check its connection string (--replica), that it is reachable from here, "
                    + $"and that its login has {_privilege}; nothing was changed.");
            }
        }
    }

    /// <summary>The reading that holds the backfill most: a replica whose lag is unknown first, else the one furthest behind.</summary>
    public async Task<ReplicaReading> WorstAsync(CancellationToken cancellationToken)
    {
        ReplicaReading? worst = null;
        foreach (var replica in _replicas)
        {
            var reading = await replica.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (reading.Problem != null)
            {
                return reading;
            }

            if (worst == null || reading.Seconds > worst.Seconds)
            {
                worst = reading;
            }
        }

        return worst!;
    }

    private static string Which(int index, int count)
        => count == 1 ? "--replica" : $"--replica number {index + 1} (of {count})";
}
