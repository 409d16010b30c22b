using System.Security.Cryptography;
using System.Text;

namespace EfSafeMigrations.Planning;

/// <summary>The reviewable SQL script of one phase migration, rendered from its steps, and its checksum.</summary>
public static class PlanScript
{
    /// <summary>The script a reviewer reads: every step's SQL, saying which run outside a transaction and which in batches.</summary>
    public static string Render(string migrationId, MigrationPhase phase, IReadOnlyList<PlanStep> steps, string historyInsert)
        => Render($"-- EfSafeMigrations phase plan: {migrationId} ({phase})\n", steps, "\n-- recorded in EF Core's history\n", historyInsert);

    /// <summary>The script of a migration's rollback (its Down), as <c>rollback --plan</c> runs it.</summary>
    public static string RenderRollback(string migrationId, MigrationPhase phase, PlanRollback rollback)
        => Render(
            $"-- EfSafeMigrations rollback: {migrationId} ({phase}), run by `dotnet safe-migrate rollback --plan` while its group's last phase has not run\n",
            rollback.Steps,
            "\n-- removed from EF Core's history\n",
            rollback.HistoryDelete);

    private static string Render(string header, IReadOnlyList<PlanStep> steps, string historyComment, string historySql)
    {
        var script = new StringBuilder();
        script.Append(header);
        foreach (var step in steps)
        {
            script.Append('\n').Append(step.Kind switch
            {
                "ddl-outside-transaction" => "-- outside a transaction\n",
                "concurrent-index" => $"-- outside a transaction; an invalid leftover of {step.Index} is dropped and built again\n",
                "online-alter" or "check" => "-- outside a transaction\n",
                "backfill" => $"-- in keyset batches along ({string.Join(", ", step.Backfill!.KeyColumns)}), resumable\n",
                _ => string.Empty,
            });
            script.Append(step.Sql.TrimEnd().ReplaceLineEndings("\n")).Append('\n');
        }

        script.Append(historyComment).Append(historySql.TrimEnd().ReplaceLineEndings("\n")).Append('\n');
        return script.ToString();
    }

    /// <summary>The SHA-256 of a script's UTF-8 bytes, lowercase hex.</summary>
    public static string Checksum(string script) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
}
