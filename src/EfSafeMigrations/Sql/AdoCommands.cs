using System.Data;
using System.Data.Common;

namespace EfSafeMigrations.Sql;

/// <summary>Plain ADO.NET calls on the migration's open connection, for commands that run more than one statement.</summary>
internal static class AdoCommands
{
    public static async Task<int> ExecuteAsync(
        DbConnection connection, string sql, int? timeoutSeconds, CancellationToken cancellationToken, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, sql, timeoutSeconds, parameters);
        command.Transaction = transaction;
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<object?> ScalarAsync(
        DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        await using var command = Create(connection, sql, null, parameters);
        command.Transaction = transaction;
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>
    /// Creates a table unless <paramref name="tableExists"/> says it is there. PostgreSQL lets two sessions race
    /// on <c>CREATE TABLE IF NOT EXISTS</c> (the loser fails on a catalog index); losing that race is fine.
    /// </summary>
    public static async Task CreateIfMissingAsync(DbConnection connection, string tableExists, string create, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, tableExists, cancellationToken).ConfigureAwait(false) is var exists && IsTrue(exists))
        {
            return;
        }

        try
        {
            await ExecuteAsync(connection, create, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException)
        {
            if (!IsTrue(await ScalarAsync(connection, tableExists, CancellationToken.None).ConfigureAwait(false)))
            {
                throw;
            }
        }
    }

    /// <summary>The rows of <paramref name="select"/>, read by <paramref name="row"/>; none when <paramref name="tableExists"/> says the table is not there yet.</summary>
    public static async Task<IReadOnlyList<T>> ReadIfExistsAsync<T>(
        DbConnection connection, string tableExists, string select, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        if (!IsTrue(await ScalarAsync(connection, tableExists, cancellationToken).ConfigureAwait(false)))
        {
            return rows;
        }

        await using var command = Create(connection, select, null);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <summary>
    /// Whether a scalar answers yes: true, or a non-zero number (MySQL has no boolean type: its <c>EXISTS</c> and
    /// <c>GET_LOCK</c> answer 1 or 0).
    /// </summary>
    public static bool IsTrue(object? value) => value switch
    {
        bool yes => yes,
        null or string => false,
        IConvertible number => Convert.ToInt64(number, System.Globalization.CultureInfo.InvariantCulture) != 0,
        _ => false,
    };

    public static DbCommand Create(DbConnection connection, string sql, int? timeoutSeconds, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        if (timeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            if (value is null or string)
            {
                parameter.DbType = DbType.String;
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }
}
