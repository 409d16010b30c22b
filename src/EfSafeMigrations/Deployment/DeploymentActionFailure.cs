namespace EfSafeMigrations.Deployment;

/// <summary>A hook that failed: why, in words fit for the run's output (no secret).</summary>
internal sealed class DeploymentActionFailure(string reason) : Exception(reason);
