namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>Locations in the repository the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The repository root: the nearest folder above the test assembly that holds EfSafeMigrations.slnx.</summary>
    public static string Root => LazyRoot.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EfSafeMigrations.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find the repository root (a folder containing EfSafeMigrations.slnx) above {AppContext.BaseDirectory}.");
    }
}
