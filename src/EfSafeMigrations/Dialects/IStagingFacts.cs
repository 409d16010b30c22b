namespace EfSafeMigrations.Dialects;

/// <summary>What the stager must know of a database to choose a safe recipe; no connection needed.</summary>
public interface IStagingFacts
{
    /// <summary>
    /// Whether a default expression may give each row a different value, so adding a NOT NULL column
    /// with it would rewrite the table. Unknown expressions count as volatile.
    /// </summary>
    bool IsVolatileDefault(string defaultValueSql);

    /// <summary>Whether changing a column from one store type to another leaves the table's rows untouched.</summary>
    bool IsMetadataOnlyTypeChange(string oldStoreType, string newStoreType);

    /// <summary>
    /// Whether the type change leaves the rows untouched when it runs with the session time zone set to UTC
    /// (timestamp to timestamptz or back, on PostgreSQL 12 and later): right only when the stored values are UTC.
    /// </summary>
    bool IsMetadataOnlyUnderUtc(string oldStoreType, string newStoreType);

    /// <summary>Quotes an identifier for use in a SQL expression, for example a column copied by a backfill.</summary>
    string QuoteIdentifier(string identifier);

    /// <summary>
    /// Whether DDL statements run in a transaction, so that several of them take effect at once (PostgreSQL); false
    /// where each commits by itself (MySQL, MariaDB), and the app sees every state between them.
    /// </summary>
    bool HasTransactionalDdl { get; }

    /// <summary>
    /// Why a new or dropped primary key of an existing table cannot be staged here, with the recipe; null where it can
    /// (PostgreSQL builds the key's index concurrently and attaches it).
    /// </summary>
    string? PrimaryKeyChangeRefusal(string table);

    /// <summary>The words the staging summary uses for what this database's SQL does.</summary>
    IStagingWords Words { get; }
}
