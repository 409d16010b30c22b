namespace EfSafeMigrations.Running;

/// <summary>A request the runner will not carry out, refused before anything changed.</summary>
/// <param name="exitCode">The exit code (2 usage, 3 refused).</param>
/// <param name="message">What is wrong and what to do.</param>
public sealed class RunnerRefusal(int exitCode, string message) : InvalidOperationException(message)
{
    /// <summary>The exit code.</summary>
    public int ExitCode { get; } = exitCode;
}
