using Microsoft.EntityFrameworkCore.Design;

namespace EfSafeMigrations.Benchmarks.MariaDb.Plain;

/// <summary>For <c>dotnet ef</c>.</summary>
public sealed class PlainMariaDbContextFactory : IDesignTimeDbContextFactory<PlainMariaDbContext>
{
    public PlainMariaDbContext CreateDbContext(string[] args) => PlainMariaDbContext.Create(MariaDbServer.DesignTimeConnection);
}
