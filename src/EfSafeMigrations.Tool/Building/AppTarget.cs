namespace EfSafeMigrations.Tool.Building;

/// <summary>The built app the runner host runs in, and where its dependencies are.</summary>
/// <param name="MigrationsAssembly">The assembly holding the migrations.</param>
/// <param name="StartupAssembly">The assembly that configures the DbContext (the app).</param>
/// <param name="DepsFile">The app's <c>.deps.json</c>: the host resolves EF Core, the provider and EfSafeMigrations through it.</param>
/// <param name="RuntimeConfigFile">The app's <c>.runtimeconfig.json</c>; null when the app has none (a class library).</param>
/// <param name="ProbingPaths">NuGet package folders where the app's package assemblies may be found.</param>
internal sealed record AppTarget(
    string MigrationsAssembly, string StartupAssembly, string DepsFile, string? RuntimeConfigFile, IReadOnlyList<string> ProbingPaths);
