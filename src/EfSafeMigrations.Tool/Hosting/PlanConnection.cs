using System.Data.Common;
using EfSafeMigrations.Dialects;
using EfSafeMigrations.Running;
using EfSafeMigrations.Tool.Cli;
using MySqlConnector;
using Npgsql;

namespace EfSafeMigrations.Tool.Hosting;

/// <summary>
/// The database connection a plan deploy opens, by the plan's dialect: Npgsql for PostgreSQL, MySqlConnector (the
/// driver Pomelo uses) for MySQL and MariaDB, whichever EF Core provider wrote the plan (its scripts are plain SQL).
/// </summary>
internal static class PlanConnection
{
    /// <summary>A connection (not yet open) to the database in <paramref name="connection"/>; a string the driver refuses is a usage error.</summary>
    public static DbConnection Create(DatabaseDialect dialect, string connection)
    {
        try
        {
            if (ReferenceEquals(dialect, DatabaseDialects.MySql))
            {
                // MySqlConnector reads the string only when it opens; its builder reads it now, before anything runs.
                _ = new MySqlConnectionStringBuilder(connection);
                return new MySqlConnection(connection);
            }

            return new NpgsqlConnection(connection);
        }
        catch (ArgumentException error)
        {
            throw ToolException.Usage(
                $"The connection string does not suit a {dialect.Name} plan: {SecretScrubber.Scrub(error.Message, connection)} "
                + "Pass the connection string of the database the plan is for; nothing was changed.");
        }
    }
}
