using EfSafeMigrations.Dialects;
using EfSafeMigrations.Planning;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;
using Npgsql;

namespace EfSafeMigrations.Tests.Running;

/// <summary>One Expand migration of one DDL statement, applied by the runner's step executor on PostgreSQL.</summary>
internal static class OneDdlStep
{
    /// <summary>Applies <paramref name="sql"/>; null when it went through, else the exit code and message the runner gives.</summary>
    public static async Task<(int ExitCode, string Message)?> ApplyAsync(string connectionString, string sql, RunnerSettings settings, RecordingEvents events)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var dialect = DatabaseDialects.PostgreSql;
        var state = new RunnerStateStore(connection, dialect.Runner);
        await state.EnsureCreatedAsync(CancellationToken.None);
        var executor = new StepExecutor(connection, dialect, settings, events, state);
        var migration = new PendingMigration("20260101000000_Guard_Expand", "Guard", MigrationPhase.Expand, () => [new PlanStep("ddl", sql)], "SELECT 1;");
        return await executor.ApplyEachAsync([migration], await state.ReadAsync(CancellationToken.None), CancellationToken.None);
    }
}
