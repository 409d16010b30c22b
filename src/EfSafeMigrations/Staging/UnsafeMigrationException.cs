namespace EfSafeMigrations.Staging;

/// <summary>
/// A model change the stager cannot make safe for a rolling deploy. The message names the table and
/// column and gives the safe recipe.
/// </summary>
public sealed class UnsafeMigrationException(string message) : InvalidOperationException(message);
