using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>Inserted seed data: in Expand (the old version ignores rows it does not look for).</summary>
public sealed class InsertDataRule() : SeedDataRule<InsertDataOperation, DeleteDataOperation>(MigrationPhase.Expand, "inserts");
