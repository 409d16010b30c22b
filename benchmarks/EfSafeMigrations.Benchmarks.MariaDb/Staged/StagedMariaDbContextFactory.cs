using Microsoft.EntityFrameworkCore.Design;

namespace EfSafeMigrations.Benchmarks.MariaDb.Staged;

/// <summary>For <c>dotnet ef</c>.</summary>
public sealed class StagedMariaDbContextFactory : IDesignTimeDbContextFactory<StagedMariaDbContext>
{
    public StagedMariaDbContext CreateDbContext(string[] args) => StagedMariaDbContext.Create(MariaDbServer.DesignTimeConnection);
}
