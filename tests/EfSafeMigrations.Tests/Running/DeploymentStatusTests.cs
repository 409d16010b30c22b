using EfSafeMigrations.Deployment;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Running;

namespace EfSafeMigrations.Tests.Running;

/// <summary>Which pending Contracts an app instance blocks, as <c>status</c> shows it.</summary>
public sealed class DeploymentStatusTests
{
    private static readonly GroupProgress[] Groups =
    [
        new("Label", [Migration("20261121000001_Label_Expand", MigrationPhase.Expand, true), Migration("20261121000003_Label_Contract", MigrationPhase.Contract, false)]),
        new("Email", [Migration("20261121000004_Email_Expand", MigrationPhase.Expand, true), Migration("20261121000006_Email_Contract", MigrationPhase.Contract, false)]),
        new("Old", [Migration("20261120000001_Old_Expand", MigrationPhase.Expand, true), Migration("20261120000002_Old_Contract", MigrationPhase.Contract, true)]),
    ];

    [Theory]
    [InlineData("20261121000001_Label_Expand", "Label,Email")]
    [InlineData("20261121000003_Label_Contract", "Email")]
    [InlineData("20261121000006_Email_Contract", "")]
    [InlineData(null, "Label,Email")]
    public void A_live_instance_blocks_the_pending_contracts_newer_than_its_code(string? newestMigration, string blockedGroups)
    {
        var blocked = blockedGroups.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var instance = Instance(newestMigration, secondsSinceHeartbeat: 5);

        Assert.True(DeploymentStatus.IsLive(instance, InstanceGateSettings.Default));
        Assert.Equal(blocked, DeploymentStatus.Blocks(instance, live: true, Groups, InstanceGateSettings.Default));
    }

    [Fact]
    public void A_stale_instance_blocks_nothing()
    {
        var instance = Instance("20261121000001_Label_Expand", secondsSinceHeartbeat: 61);

        Assert.False(DeploymentStatus.IsLive(instance, InstanceGateSettings.Default));
        Assert.Empty(DeploymentStatus.Blocks(instance, live: false, Groups, InstanceGateSettings.Default));
        Assert.True(DeploymentStatus.IsLive(instance, new InstanceGateSettings(true, TimeSpan.FromMinutes(2))));
    }

    [Fact]
    public void With_the_contract_gate_off_no_instance_blocks_anything()
    {
        var instance = Instance("20261121000001_Label_Expand", secondsSinceHeartbeat: 1);

        Assert.Empty(DeploymentStatus.Blocks(instance, live: true, Groups, new InstanceGateSettings(false, TimeSpan.FromSeconds(60))));
    }

    private static (MigrationPhase, string, bool) Migration(string id, MigrationPhase phase, bool applied) => (phase, id, applied);

    private static InstanceRow Instance(string? newestMigration, double secondsSinceHeartbeat)
        => new("web-1", "host-a", 42, "Shop", "Shop.ShopContext", newestMigration, DateTimeOffset.UnixEpoch, secondsSinceHeartbeat);
}
