using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>
/// Ends the run with <see cref="ExitCode"/> and <see cref="Exception.Message"/> shown to the user, without a stack
/// trace: a usage error (<see cref="ExitCodes.Usage"/>) or a failure the user can act on.
/// </summary>
internal sealed class ToolException : Exception
{
    public ToolException()
    {
    }

    public ToolException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public ToolException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failed;
    }

    public ToolException(int exitCode, string message, string? detail = null)
        : base(message)
    {
        ExitCode = exitCode;
        Detail = detail;
    }

    /// <summary>The tool's exit code.</summary>
    public int ExitCode { get; } = ExitCodes.Failed;

    /// <summary>Longer output that explains the failure (a build log's tail), shown on standard error.</summary>
    public string? Detail { get; }

    /// <summary>A usage error: wrong arguments, options or project.</summary>
    public static ToolException Usage(string message) => new(ExitCodes.Usage, message);
}
