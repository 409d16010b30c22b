namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>One thing measured: a feature read from one app's services.</summary>
/// <param name="Name">Short name, as the report's tables show it.</param>
/// <param name="Feature">The feature asked for.</param>
/// <param name="Description">What the app has and what each call does.</param>
public sealed record FlagCase(string Name, string Feature, string Description);
