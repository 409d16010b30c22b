using System.Data.Common;
using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Dialects;

/// <summary>
/// Everything EfSafeMigrations knows of one kind of database: its staging facts, the SQL of its own
/// operations, and the online form of EF Core's. Chosen by the EF Core provider's name, never by a
/// compile-time reference to the provider.
/// </summary>
public abstract class DatabaseDialect : IStagingFacts
{
    /// <summary>A display name, for example "PostgreSQL".</summary>
    public abstract string Name { get; }

    /// <summary>The EF Core provider names (<c>ActiveProvider</c>) this dialect serves.</summary>
    public abstract IReadOnlyList<string> ProviderNames { get; }

    /// <summary>The SQL of batched backfills.</summary>
    public abstract IBackfillSql Backfill { get; }

    /// <summary>The SQL the phase runner needs.</summary>
    public abstract IRunnerSql Runner { get; }

    /// <summary>The SQL of deployment flags and the instance registry.</summary>
    public abstract IDeploymentSql Deployment { get; }

    /// <inheritdoc />
    public abstract bool IsVolatileDefault(string defaultValueSql);

    /// <inheritdoc />
    public abstract bool IsMetadataOnlyTypeChange(string oldStoreType, string newStoreType);

    /// <inheritdoc />
    public abstract bool IsMetadataOnlyUnderUtc(string oldStoreType, string newStoreType);

    /// <inheritdoc />
    public abstract string QuoteIdentifier(string identifier);

    /// <inheritdoc />
    public abstract bool HasTransactionalDdl { get; }

    /// <inheritdoc />
    public abstract IStagingWords Words { get; }

    /// <inheritdoc />
    public virtual string? PrimaryKeyChangeRefusal(string table) => null;

    /// <summary>The steps of one of EfSafeMigrations' operations.</summary>
    public abstract IReadOnlyList<MigrationStep> Generate(SafeMigrationOperation operation);

    /// <summary>
    /// The online form of one of EF Core's operations, given the SQL EF Core's provider generated for
    /// it (<paramref name="providerSql"/>, which asks for the online form where the provider supports
    /// it, see <see cref="PrepareForProvider"/>); null to run the provider's SQL as it is.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="providerSql">The provider's SQL for the operation.</param>
    /// <param name="tableIsNew">Whether the same migration creates the operation's table.</param>
    public abstract IReadOnlyList<MigrationStep>? Rewrite(MigrationOperation operation, string providerSql, bool tableIsNew);

    /// <summary>
    /// The operations of one migration as this dialect runs them, before any SQL is generated: a dialect may merge
    /// neighbouring operations into one step where running them apart would leave a gap the app falls into.
    /// </summary>
    /// <param name="operations">The migration's operations, in order.</param>
    public virtual IReadOnlyList<MigrationOperation> Arrange(IReadOnlyList<MigrationOperation> operations) => operations;

    /// <summary>
    /// The steps of one of EF Core's operations when this dialect writes them without the provider (whose SQL for it
    /// would be discarded, or which cannot generate it for a column its model no longer has); null to ask the provider.
    /// </summary>
    /// <param name="operation">The operation.</param>
    /// <param name="tableIsNew">Whether the same migration creates the operation's table.</param>
    public virtual IReadOnlyList<MigrationStep>? GenerateOwn(MigrationOperation operation, bool tableIsNew) => null;

    /// <summary>Adjusts an operation before the provider generates its SQL (for example asks for a concurrent index build).</summary>
    /// <param name="operation">The operation.</param>
    /// <param name="tableIsNew">Whether the same migration creates the operation's table.</param>
    public virtual MigrationOperation PrepareForProvider(MigrationOperation operation, bool tableIsNew) => operation;

    /// <summary>The statement that bounds how long DDL waits for a lock, for the rest of the transaction.</summary>
    public abstract string LockTimeoutInTransaction(TimeSpan timeout);

    /// <summary>The statement that bounds how long DDL waits for a lock, for the session.</summary>
    public abstract string LockTimeoutForSession(TimeSpan timeout);

    /// <summary>
    /// Null when the session's lock timeout bounds a statement's lock wait exactly. Else how often to ask again for a
    /// lock that <see cref="LockTimeoutForSession"/> tells the statement not to wait for, until the timeout has passed
    /// (a server whose lock waits are whole seconds).
    /// </summary>
    public virtual TimeSpan? LockPollInterval => null;

    /// <summary>The statement that resets the session's lock timeout.</summary>
    public abstract string ResetLockTimeout { get; }

    /// <summary>
    /// A query with parameters <c>@name</c> and <c>@schema</c> returning one boolean row, whether the
    /// index is valid, or no row when there is no such index.
    /// </summary>
    public abstract string IndexValidityQuery { get; }

    /// <summary>Whether the server refused an <see cref="OnlineAlterStep"/> attempt because it cannot run it without copying more than the attempt allows.</summary>
    public virtual bool IsCopyRequired(DbException error) => false;

    /// <summary>Drops an index without blocking writes, if it exists.</summary>
    public abstract string DropIndexConcurrently(string name, string? schema);
}
