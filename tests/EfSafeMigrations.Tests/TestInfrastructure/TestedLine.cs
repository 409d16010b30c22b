using System.Reflection;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>
/// The EF Core line this build of the tests runs on (the build's <c>EfCoreMajor</c>, see Directory.Build.props), with
/// the versions the solution uses on it, and where that line's build output is.
/// </summary>
public static class TestedLine
{
    /// <summary>The EF Core major version: 10 or 9.</summary>
    public static int EfCoreMajor { get; } = int.Parse(Metadata("EfCoreMajor"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The newest line, whose build is in the default <c>bin/</c> folders and from which the tool is packed.</summary>
    public static int NewestMajor { get; } = int.Parse(Metadata("EfCoreNewestMajor"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The EF Core packages' version.</summary>
    public static string EfCoreVersion { get; } = Metadata("EfCoreVersion");

    /// <summary>The Npgsql EF Core provider's version.</summary>
    public static string NpgsqlEfVersion { get; } = Metadata("NpgsqlEfVersion");

    /// <summary>The <c>dotnet-ef</c> tool's version.</summary>
    public static string DotnetEfVersion { get; } = Metadata("DotnetEfVersion");

    /// <summary>True on the newest line.</summary>
    public static bool IsNewest => EfCoreMajor == NewestMajor;

    /// <summary>The MSBuild property that selects this line, for commands that build or pack.</summary>
    public static string BuildProperty => "-p:EfCoreMajor=" + EfCoreMajor.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The build output folder of the repository project in <paramref name="projectFolder"/> (relative to the root,
    /// e.g. <c>samples/Shop</c>) for <paramref name="configuration"/> on this line: <c>bin/</c> on the newest line,
    /// <c>bin/ef9/</c> on EF Core 9.
    /// </summary>
    public static string OutputFolder(string projectFolder, string configuration)
    {
        var bin = Path.Combine(RepositoryPaths.Root, projectFolder, "bin");
        var line = IsNewest ? bin : Path.Combine(bin, "ef" + EfCoreMajor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Path.Combine(line, configuration, "net10.0");
    }

    private static string Metadata(string key)
        => typeof(TestedLine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
            ?? throw new InvalidOperationException($"The test assembly has no {key} metadata.");
}
