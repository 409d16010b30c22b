using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace EfSafeMigrations.Tests.Design.EndToEnd;

/// <summary>Runs the real <c>dotnet</c> CLI (<c>dotnet build</c>, <c>dotnet ef</c>, ...) as a child process.</summary>
internal static partial class DotnetCli
{
    private const string Mask = "***";

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns how it ended.
    /// The child gets this process's environment without the MSBuild variables a test host may carry (they would point
    /// a nested build at the test run's MSBuild), with telemetry, logos and build servers off, plus
    /// <paramref name="environment"/>. Each of <paramref name="secrets"/>, and any <c>Password=...</c> setting, is masked in
    /// everything returned.
    /// </summary>
    public static Task<CommandResult> RunAsync(
        string workingDirectory,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyCollection<string> secrets,
        TimeSpan timeout)
        => RunProgramAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet",
            "dotnet",
            workingDirectory,
            arguments,
            environment,
            secrets,
            timeout);

    /// <summary>
    /// Runs <paramref name="program"/> (shown as <paramref name="shownAs"/>, e.g. <c>bash</c> for a script that runs the
    /// dotnet CLI itself) as <see cref="RunAsync"/> runs <c>dotnet</c>: the same environment, masking and timeout.
    /// </summary>
    public static async Task<CommandResult> RunProgramAsync(
        string program,
        string shownAs,
        string workingDirectory,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        IReadOnlyCollection<string> secrets,
        TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var name in startInfo.Environment.Keys.Where(IsInheritedMsBuildVariable).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var commandLine = shownAs + " " + string.Join(' ', arguments.Select(Quote));
        var output = new StringBuilder();
        var standardOutput = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                standardOutput.AppendLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };

        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        int? exitCode;
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            try
            {
                // Also waits for the end of both output streams.
                await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
                exitCode = process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                exitCode = null;
            }
        }

        clock.Stop();
        lock (output)
        {
            return new CommandResult(
                MaskSecrets(commandLine, secrets),
                workingDirectory,
                exitCode,
                clock.Elapsed,
                MaskSecrets(output.ToString(), secrets),
                MaskSecrets(standardOutput.ToString(), secrets));
        }
    }

    private static bool IsInheritedMsBuildVariable(string name)
        => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("_MSBuild", StringComparison.OrdinalIgnoreCase);

    private static string MaskSecrets(string text, IReadOnlyCollection<string> secrets)
        => PasswordSetting().Replace(
            secrets.Where(s => s.Length > 0).Aggregate(text, (masked, secret) => masked.Replace(secret, Mask, StringComparison.Ordinal)),
            "$1=" + Mask);

    [GeneratedRegex(@"\b(Password|Pwd)\s*=\s*[^;""'\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();

    private static string Quote(string argument)
        => argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
