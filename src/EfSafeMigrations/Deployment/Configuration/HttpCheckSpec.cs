namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>An HTTP GET that opens a gate when it answers with a success status (2xx).</summary>
/// <param name="Url">What to ask.</param>
/// <param name="Headers">Extra request headers.</param>
/// <param name="Timeout">How long the request may take.</param>
public sealed record HttpCheckSpec(Uri Url, IReadOnlyDictionary<string, string> Headers, TimeSpan Timeout);
