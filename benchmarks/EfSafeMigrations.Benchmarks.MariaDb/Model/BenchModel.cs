using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Benchmarks.MariaDb.Model;

/// <summary>
/// The model of both contexts, after the change: <c>Accounts</c> gains a required <c>Label</c> computed from
/// <c>Name</c>, an index on <c>RegionId</c> and a foreign key to <c>Regions</c>. Strings are bounded, as a MySQL
/// model's must be (an unbounded one is <c>longtext</c>: no default, no index).
/// </summary>
public static class BenchModel
{
    public const string Accounts = "Accounts";
    public const string Regions = "Regions";
    public const string Label = "Label";
    public const string RegionIndex = "IX_Accounts_RegionId";
    public const string RegionForeignKey = "FK_Accounts_Regions_RegionId";

    /// <summary>The computed value, as SQL on the row (the staged trigger and backfill, and the developer's UPDATE of the plain migration).</summary>
    public const string LabelSql = "UPPER(`Name`)";

    /// <summary>The number of regions every copy holds.</summary>
    public const int RegionCount = 100;

    /// <summary>The one UPDATE that fills the column on the baseline copy, and in the plain migration.</summary>
    public const string SingleUpdateSql = "UPDATE `Accounts` SET `Label` = UPPER(`Name`)";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Region>(region =>
        {
            region.ToTable(Regions);
            region.Property(r => r.Id).ValueGeneratedNever();
            region.Property(r => r.Name).HasMaxLength(100);
        });
        modelBuilder.Entity<Account>(account =>
        {
            account.Property(a => a.Name).HasMaxLength(100);
            account.Property(a => a.Balance).HasPrecision(18, 2);
            account.Property(a => a.Note).HasMaxLength(200);
            account.Property(a => a.Label).HasMaxLength(200).HasBackfillSql(LabelSql);
            account.HasOne(a => a.Region).WithMany().HasForeignKey(a => a.RegionId);
        });
    }
}
