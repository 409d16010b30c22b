using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging.Rules;

/// <summary>Deleted seed data: in Contract, once no old instance may still read it.</summary>
public sealed class DeleteDataRule() : SeedDataRule<DeleteDataOperation, InsertDataOperation>(MigrationPhase.Contract, "deletes");
