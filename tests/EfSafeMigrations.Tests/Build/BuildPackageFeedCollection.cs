namespace EfSafeMigrations.Tests.Build;

/// <summary>
/// The tests that consume the packed packages: they share one <see cref="BuildPackageFeed"/>, packed once (two feeds
/// packed at the same time would publish the tool into the same intermediate folders), and run one after the other.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BuildPackageFeedCollection : ICollectionFixture<BuildPackageFeed>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Packed packages";
}
