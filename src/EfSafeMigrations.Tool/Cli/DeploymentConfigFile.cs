using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Cli;

/// <summary>
/// Finds and reads the hooks and gates file (<c>safe-migrate.json</c>) before anything is built or changed, so that a
/// missing or malformed file is a usage error with its place in the file, not a failure half way through a deploy.
/// </summary>
internal static class DeploymentConfigFile
{
    /// <summary>
    /// The file for <paramref name="invocation"/>: <c>--config</c>, else <see cref="DeploymentConfigReader.DefaultFileName"/>
    /// in the project's folder (the current folder for <c>--assembly</c> and <c>--plan</c>) when it exists. Returns its full
    /// path (null when there is none) and what it says.
    /// </summary>
    public static (string? Path, DeploymentConfig Config) Find(ToolInvocation invocation, string currentDirectory)
    {
        if (invocation.Command is not (RunnerCommand.Status or RunnerCommand.Phase or RunnerCommand.Rollback))
        {
            return (null, DeploymentConfig.Default);
        }

        string path;
        if (invocation.ConfigFile != null)
        {
            path = Path.GetFullPath(invocation.ConfigFile, currentDirectory);
            if (!File.Exists(path))
            {
                throw ToolException.Usage($"The hooks and gates file '{invocation.ConfigFile}' (--config) does not exist ({path}); nothing was changed.");
            }
        }
        else
        {
            var folder = invocation.PlanDir != null || invocation.Assembly != null ? currentDirectory : SafeMigrateRun.ProjectDirectory(invocation, currentDirectory);
            path = Path.Combine(folder, DeploymentConfigReader.DefaultFileName);
            if (!File.Exists(path))
            {
                return (null, DeploymentConfig.Default);
            }
        }

        try
        {
            return (path, DeploymentConfigReader.Read(path));
        }
        catch (RunnerRefusal refusal)
        {
            // The reader names the file alone; a file found by default may not be where the user thinks.
            var name = Path.GetFileName(path) + ": ";
            var message = refusal.Message.StartsWith(name, StringComparison.Ordinal) ? path + ": " + refusal.Message[name.Length..] : refusal.Message;
            throw new ToolException(refusal.ExitCode, message);
        }
    }
}
