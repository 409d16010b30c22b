using EfSafeMigrations;
using Microsoft.EntityFrameworkCore;

namespace Shop.MySql;

/// <summary>
/// The shop's context on MySQL / MariaDB: the shop's model with bounded strings (Pomelo maps an unbounded string to
/// <c>longtext</c>, which can have no default and no index), and the migrations of this project.
/// </summary>
public sealed class MySqlShopContext(DbContextOptions<MySqlShopContext> options) : ShopContext(options)
{
    /// <summary>The server the demo runs on; a fixed version, so that neither the app nor <c>dotnet ef</c> asks it at start.</summary>
    public static ServerVersion ServerVersion { get; } = new MariaDbServerVersion(new Version(10, 11));

    /// <summary>Options for the shop's MySQL database, with staged migrations on.</summary>
    public static new DbContextOptions<MySqlShopContext> Options(string connectionString)
        => new DbContextOptionsBuilder<MySqlShopContext>().UseMySql(connectionString, ServerVersion).UseSafeMigrations().Options;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
        => configurationBuilder.Properties<string>().HaveMaxLength(200);
}
