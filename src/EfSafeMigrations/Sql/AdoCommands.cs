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
