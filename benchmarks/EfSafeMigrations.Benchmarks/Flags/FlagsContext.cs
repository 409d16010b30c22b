using Microsoft.EntityFrameworkCore;

namespace EfSafeMigrations.Benchmarks.Flags;

/// <summary>The app's context in the flags benchmark: it only says which database holds the deployment flags.</summary>
/// <param name="options">The options from the app's services.</param>
public sealed class FlagsContext(DbContextOptions<FlagsContext> options) : DbContext(options);
