using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>Updated seed data: a data-only change, in Backfill.</summary>
public sealed class UpdateDataRule() : SeedDataRule<UpdateDataOperation, UpdateDataOperation>(MigrationPhase.Backfill, "updates");
