using System.Data.Common;
using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Sql;

/// <summary>
/// Builds an index without blocking writes. A valid index of that name means it is already built; an
/// invalid one, left by a build that failed or was killed, is dropped and built again.
/// </summary>
internal static class ConcurrentIndexBuild
{
    public static async Task<int> RunAsync(DbConnection connection, DatabaseDialect dialect, ConcurrentIndexStep step, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        bool? valid;
        await using (var query = AdoCommands.Create(connection, dialect.IndexValidityQuery, null, ("name", step.Name), ("schema", step.Schema)))
        {
            valid = await query.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as bool?;
        }

        if (valid == true)
        {
            return 0;
        }

        return await SessionLockTimeout.RunAsync(
            connection,
            dialect,
            lockTimeout,
            async () =>
            {
                if (valid == false)
                {
                    await AdoCommands.ExecuteAsync(connection, dialect.DropIndexConcurrently(step.Name, step.Schema), 0, cancellationToken).ConfigureAwait(false);
                }

                return await AdoCommands.ExecuteAsync(connection, step.Sql, 0, cancellationToken).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
