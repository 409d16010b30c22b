using System.Text.Json;
using EfSafeMigrations.Running;

namespace EfSafeMigrations.Planning;

/// <summary>
/// Reads a published plan and refuses it unless every script is there, matches its checksum, and says
/// exactly what the manifest's steps run (so what a reviewer read is what runs).
/// </summary>
public static class PlanReader
{
    /// <summary>The plan, or an <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static PhasePlan Read(string folder)
    {
        var manifest = Path.Combine(folder, PlanWriter.ManifestFile);
        if (!File.Exists(manifest))
        {
            throw new InvalidDataException($"{folder} holds no {PlanWriter.ManifestFile}: it is not a phase plan. Write one with `dotnet safe-migrate plan --output {folder}` (or dotnet publish with EfSafeMigrations.Build).");
        }

        var plan = Deserialize(manifest);
        if (plan.Format != 1)
        {
            throw new InvalidDataException($"{manifest} has format {plan.Format}; this version reads format 1. Use the EfSafeMigrations version that wrote it ({plan.ToolVersion}).");
        }

        foreach (var phase in plan.Groups.SelectMany(g => g.Phases))
        {
            Check(folder, phase.MigrationId, phase.Script, phase.Sha256, PlanScript.Render(phase.MigrationId, phase.Phase, phase.Steps, phase.HistoryInsert));
            if (phase.Rollback is { } rollback)
            {
                Check(folder, phase.MigrationId, rollback.Script, rollback.Sha256, PlanScript.RenderRollback(phase.MigrationId, phase.Phase, rollback));
            }
        }

        return plan;
    }

    private static void Check(string folder, string migrationId, string script, string sha256, string rendered)
    {
        var path = Path.Combine(folder, script);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"The plan's script {script} is missing.");
        }

        var text = File.ReadAllText(path);
        if (PlanScript.Checksum(text) != sha256)
        {
            throw new InvalidDataException($"The script {script} does not match the checksum in the manifest: it was changed after the plan was written. Write the plan again from the reviewed source.");
        }

        if (text != rendered)
        {
            throw new InvalidDataException($"The manifest's steps of {migrationId} do not match its script {script}: the manifest was changed after the plan was written.");
        }
    }

    private static PhasePlan Deserialize(string manifest)
    {
        var rewrite = "write the plan again with `dotnet safe-migrate plan --output <folder>` (or dotnet publish with EfSafeMigrations.Build).";
        PhasePlan? plan;
        try
        {
            plan = JsonSerializer.Deserialize<PhasePlan>(File.ReadAllText(manifest), RunnerHost.Json);
        }
        catch (JsonException error)
        {
            // The parser's own text ("Expected depth to be zero...") tells a user nothing; the place does.
            var line = (error.LineNumber ?? 0) + 1;
            throw new InvalidDataException(error.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? $"{manifest} is not a plan manifest: line {line} ({error.Path}) holds a value of the wrong kind; {rewrite}"
                : $"{manifest} is not valid JSON at line {line}: {rewrite}");
        }

        if (plan?.Groups == null || plan.Provider == null || plan.HistoryCreate == null || plan.Groups.Any(g => g?.Phases == null || g.Phases.Any(p => p?.Script == null || p.Steps == null || p.Rollback is { Script: null } or { Steps: null } or { HistoryDelete: null })))
        {
            throw new InvalidDataException($"{manifest} is not a plan manifest (it lacks its groups, provider or scripts): {rewrite}");
        }

        return plan;
    }
}
