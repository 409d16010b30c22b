using System.Data.Common;
using System.Text.RegularExpressions;

namespace EfSafeMigrations.Running;

/// <summary>
/// What to do about a database error that is not about reaching the server, said instead of "check the connection
/// string": a right the runner's role lacks (SQLSTATE 42501: which right to GRANT on which object) or a database that
/// takes no writes (25006: the setting, or the standby, that makes it read-only).
/// </summary>
public static partial class DatabaseErrorAdvice
{
    /// <summary>
    /// The advice for the first error in <paramref name="error"/>'s chain that has its own, or null; the role and
    /// database named in it are those of <paramref name="connectionString"/> (never its password).
    /// </summary>
    public static string? For(Exception error, string? connectionString)
    {
        for (var current = error; current != null; current = current.InnerException)
        {
            if (current is not DbException { SqlState: "42501" or "25006" } database)
            {
                continue;
            }

            var (role, name) = RoleAndDatabase(connectionString);
            var message = database.Message;
            return database.SqlState == "25006" ? ReadOnly(name, role) : MissingRight(message, role, name);
        }

        return null;
    }

    private static string MissingRight(string message, string role, string database)
    {
        if (Denied().Match(message) is { Success: true } denied)
        {
            var (kind, target) = (denied.Groups["kind"].Value, denied.Groups["name"].Value);
            return kind switch
            {
                "schema" =>
                    $"The role {role} may not create objects in schema {target}: the runner creates EF Core's history table and its own tables there, and phases add columns, indexes and triggers. "
                    + $"GRANT USAGE, CREATE ON SCHEMA {target} TO {role}; (as the schema's owner), or run the phase as the role that owns the app's tables. PostgreSQL 15 and later no longer let every role create in schema public.",
                "table" or "relation" or "view" or "sequence" =>
                    $"The role {role} may not use {kind} {target}: the runner reads and writes EF Core's history and its own tables, and a backfill updates the app's. "
                    + $"GRANT SELECT, INSERT, UPDATE, DELETE ON {target} TO {role}; (as its owner), or run the phase as the role that owns the app's tables. Changing a table's structure needs its owner.",
                "database" =>
                    $"The role {role} may not create in database {target}: GRANT CREATE, CONNECT ON DATABASE {target} TO {role}; (as its owner), or run the phase as the role that owns the app's tables.",
                _ =>
                    $"The role {role} lacks a right on {kind} {target}: GRANT it to {role} (as its owner), or run the phase as the role that owns the app's tables.",
            };
        }

        if (Owner().Match(message) is { Success: true } owner)
        {
            var (kind, target) = (owner.Groups["kind"].Value, owner.Groups["name"].Value);
            return $"Only the owner of {kind} {target} may change its structure or index it, and {role} is not: run the phase as its owner (the role that ran the app's migrations so far), "
                + $"or make {role} a member of that role (GRANT <owner> TO {role};), or ALTER {kind.ToUpperInvariant()} {target} OWNER TO {role};.";
        }

        return $"The role {role} lacks a right the runner needs in database {database}: GRANT it to {role}, or run the phase as the role that owns the app's tables.";
    }

    private static string ReadOnly(string database, string role)
        => $"The database {database} takes no writes: either default_transaction_read_only is on for it or for the role {role} "
            + $"(see SHOW default_transaction_read_only; turn it off with ALTER DATABASE {database} SET default_transaction_read_only = off; or ALTER ROLE {role} SET default_transaction_read_only = off;), "
            + "or the server is a standby (SELECT pg_is_in_recovery(); is true): point the connection string at the primary.";

    private static (string Role, string Database) RoleAndDatabase(string? connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = connectionString ?? string.Empty;
        }
        catch (ArgumentException)
        {
            return ("<role>", "<database>");
        }

        string? Value(params string[] keys) => keys.Select(k => builder.TryGetValue(k, out var value) ? value as string : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return (Value("Username", "User ID", "User", "UserID", "UID", "User Name") ?? "<role>", Value("Database", "Initial Catalog", "DB") ?? "<database>");
    }

    [GeneratedRegex(@"permission denied for (?<kind>[a-z ]+?) (?<name>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Denied();

    [GeneratedRegex(@"must be owner of (?<kind>[a-z ]+?) (?<name>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Owner();
}
