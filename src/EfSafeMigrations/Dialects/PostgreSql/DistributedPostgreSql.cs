namespace EfSafeMigrations.Dialects.PostgreSql;

/// <summary>
/// Distributed SQL databases that speak PostgreSQL's protocol, so Npgsql connects to them, but not its DDL or its lock
/// semantics: CockroachDB and YugabyteDB. The runner refuses them before its first write (docs/distributed-sql.md says
/// how each step maps onto their online schema changes and what a dialect for each would need).
/// </summary>
internal static class DistributedPostgreSql
{
    private const string Advice =
        " EfSafeMigrations has no dialect for it yet and will not run PostgreSQL's online DDL there; nothing was changed. See docs/distributed-sql.md.";

    /// <summary>The refusal for a server whose <c>version()</c> is <paramref name="serverVersion"/>, or null for PostgreSQL itself.</summary>
    public static string? Refusal(string serverVersion)
    {
        // CockroachDB: "CockroachDB CCL v24.1.0 (x86_64-pc-linux-gnu, built ...)".
        if (serverVersion.StartsWith("CockroachDB", StringComparison.OrdinalIgnoreCase))
        {
            return $"The database is CockroachDB ({FirstWords(serverVersion)}): it runs every schema change as an online background job, one per implicit transaction, with locking of its own."
                + Advice;
        }

        // YugabyteDB: "PostgreSQL 11.2-YB-2.20.1.0-b0 on x86_64-pc-linux-gnu, ..." (or 15.2-YB-2025...).
        if (serverVersion.Contains("-YB-", StringComparison.Ordinal))
        {
            return $"The database is YugabyteDB ({FirstWords(serverVersion)}): its DDL goes through its own distributed catalog and builds indexes with an online backfill of its own."
                + Advice;
        }

        return null;
    }

    private static string FirstWords(string text)
    {
        var words = text.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(2)).TrimEnd(',');
    }
}
