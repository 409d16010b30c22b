namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>The hooks and gates of a deployment, read from <c>safe-migrate.json</c> by <see cref="DeploymentConfigReader"/>.</summary>
/// <param name="Source">The file it came from; null for the defaults.</param>
/// <param name="Hooks">The hooks, in file order (the order they run in).</param>
/// <param name="Gates">The gates, in file order.</param>
/// <param name="Instances">The built-in contract gate.</param>
/// <param name="MissingVariables">Environment variables the file uses but that are not set, per hook or gate name; checked when that hook or gate is about to be used.</param>
public sealed record DeploymentConfig(
    string? Source,
    IReadOnlyList<HookDefinition> Hooks,
    IReadOnlyList<GateDefinition> Gates,
    InstanceGateSettings Instances,
    IReadOnlyDictionary<string, IReadOnlyList<string>> MissingVariables)
{
    /// <summary>
    /// The secrets the file took from environment variables, never shown in output: values of variables named
    /// as secrets (<c>API_TOKEN</c>, <c>DB_PASSWORD</c>...), values in a webhook's <c>secret</c>, an HTTP header or
    /// a URL, and the password inside any value. Other values (a database, host or user name) stay readable.
    /// </summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>A text with every <see cref="Secrets"/> value replaced by ***.</summary>
    public string Scrub(string text)
        => Secrets.Where(s => s.Length >= 4).Aggregate(text, (scrubbed, secret) => scrubbed.Replace(secret, "***", StringComparison.Ordinal));

    /// <summary>No hooks, no configured gates, the built-in contract gate on.</summary>
    public static DeploymentConfig Default { get; } = new(null, [], [], InstanceGateSettings.Default, new Dictionary<string, IReadOnlyList<string>>());
}
