using EfSafeMigrations.Running;

namespace EfSafeMigrations.Hosting;

/// <summary>Failures told in one line, without the connection string's password.</summary>
internal static class Failures
{
    /// <summary>The exception's type and message, then each inner exception's, with any password replaced by ***.</summary>
    public static string Describe(Exception error, string? connectionString)
    {
        var parts = new List<string>();
        for (var current = error; current != null && parts.Count < 4; current = current.InnerException)
        {
            parts.Add($"{current.GetType().Name}: {current.Message}");
        }

        return SecretScrubber.Scrub(string.Join(" ---> ", parts), connectionString);
    }
}
