using System.Data.Common;
using System.Globalization;
using EfSafeMigrations.Dialects;

namespace EfSafeMigrations.Running;

/// <summary>
/// One replica the runner was given by name (a connection string), asked for its own lag through the primary's driver.
/// Each reading opens a connection from the driver's pool, so nothing stays open between readings or after the run.
/// </summary>
internal sealed class NamedReplica
{
    private readonly DbProviderFactory _factory;
    private readonly string _connectionString;
    private readonly ReplicaStatusSql _sql;
    private int _statement;

    /// <summary>A replica reached with <paramref name="factory"/>; throws <see cref="ArgumentException"/> when the driver cannot read the connection string.</summary>
    public NamedReplica(DbProviderFactory factory, string connectionString, ReplicaStatusSql sql)
    {
        (_factory, _connectionString, _sql) = (factory, connectionString, sql);
        var builder = factory.CreateConnectionStringBuilder() ?? new DbConnectionStringBuilder();
        builder.ConnectionString = connectionString;
        Name = $"{Value(builder, "Server") ?? Value(builder, "Host") ?? "?"}:{Value(builder, "Port") ?? "?"}";
    }

    /// <summary>The replica as <c>host:port</c>, for messages: never its connection string.</summary>
    public string Name { get; }

    /// <summary>Asks the replica for its lag; a replica that cannot be asked gives a reading with its <see cref="ReplicaReading.Problem"/>.</summary>
    public async Task<ReplicaReading> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = _factory.CreateConnection() ?? throw new InvalidOperationException("The database driver creates no connections.");
            connection.ConnectionString = _connectionString;
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                try
                {
                    return await StatusAsync(connection, _sql.Statements[_statement], cancellationToken).ConfigureAwait(false);
                }
                catch (DbException) when (_statement + 1 < _sql.Statements.Count)
                {
                    // An older server that does not know this statement: the next one, from now on.
                    _statement++;
                }
            }
        }
        catch (DbException error)
        {
            return new ReplicaReading(Name, null, $"cannot be asked for its lag ({error.Message.TrimEnd('.')})", Unreachable: true);
        }
        catch (Exception error) when (error is System.Net.Sockets.SocketException or TimeoutException or InvalidOperationException)
        {
            return new ReplicaReading(Name, null, $"cannot be reached ({error.Message.TrimEnd('.')})", Unreachable: true);
        }
    }

    private async Task<ReplicaReading> StatusAsync(DbConnection connection, string statement, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = statement;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new ReplicaReading(Name, null, $"is not a replica ({statement.TrimEnd(';')} shows no primary it replicates from)", NotAReplica: true);
        }

        foreach (var names in _sql.ThreadColumns)
        {
            if (Column(reader, names) is { } thread && !string.Equals(Convert.ToString(reader.GetValue(thread), CultureInfo.InvariantCulture), "Yes", StringComparison.OrdinalIgnoreCase))
            {
                var state = reader.IsDBNull(thread) ? "NULL" : Convert.ToString(reader.GetValue(thread), CultureInfo.InvariantCulture);
                return new ReplicaReading(Name, null, $"is not replicating ({reader.GetName(thread)}: {state})");
            }
        }

        var lag = Column(reader, _sql.LagColumns);
        return lag is not { } column
            ? new ReplicaReading(Name, null, $"does not show its lag ({statement.TrimEnd(';')} has no {string.Join(" or ", _sql.LagColumns)})")
            : reader.IsDBNull(column)
                ? new ReplicaReading(Name, null, $"is not replicating ({reader.GetName(column)}: NULL)")
                : new ReplicaReading(Name, Convert.ToDouble(reader.GetValue(column), CultureInfo.InvariantCulture), null);
    }

    private static int? Column(DbDataReader reader, IReadOnlyList<string> names)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (names.Contains(reader.GetName(i), StringComparer.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>A setting as the driver reads it (its default when the string leaves it out, such as MySQL's port 3306); null when it has none.</summary>
    private static string? Value(DbConnectionStringBuilder builder, string key)
    {
        try
        {
            return Convert.ToString(builder[key], CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
        }
        catch (Exception error) when (error is ArgumentException or KeyNotFoundException)
        {
            return null;
        }
    }
}
