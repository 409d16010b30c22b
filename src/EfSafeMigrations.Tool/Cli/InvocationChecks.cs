namespace EfSafeMigrations.Tool.Cli;

/// <summary>
/// What can be told wrong from the command line and the file system alone, checked before anything is built, started or
/// written: options that cannot go together, an output path that is a file, a flag name that is a verb.
/// </summary>
internal static class InvocationChecks
{
    private static readonly string[] FlagVerbs = ["set", "unset", "on", "off", "enable", "disable", "list", "get", "clear"];

    /// <summary>Throws a usage <see cref="ToolException"/> naming the first problem of <paramref name="invocation"/>.</summary>
    public static void Check(ToolInvocation invocation, string currentDirectory)
    {
        if (invocation.PlanDir != null)
        {
            var appOptions = new (string Name, bool Given)[]
            {
                ("--project", invocation.Project != null),
                ("--startup-project", invocation.StartupProject != null),
                ("--assembly", invocation.Assembly != null),
                ("--startup-assembly", invocation.StartupAssembly != null),
                ("--context", invocation.Context != null),
                ("--configuration", invocation.Configuration != null),
                ("--framework", invocation.Framework != null),
                ("--no-build", invocation.NoBuild),
            }.Where(o => o.Given).Select(o => o.Name).ToList();
            if (appOptions.Count > 0)
            {
                throw ToolException.Usage(
                    $"--plan deploys a published plan without the app, so {string.Join(" and ", appOptions)} cannot go with it. Use either the plan or the app; nothing was changed.");
            }
        }

        if (invocation.OutputDir is { } output)
        {
            var existingFile = Ancestors(Path.GetFullPath(output, currentDirectory)).FirstOrDefault(File.Exists);
            if (existingFile != null)
            {
                throw ToolException.Usage(
                    $"--output must name a folder, but {existingFile} is a file. Give a new or empty folder (or an earlier plan's folder to write it again); nothing was written.");
            }
        }

        if (invocation.FlagName is { } flag)
        {
            CheckFlagName(flag, invocation.FlagEnabled);
        }
    }

    private static void CheckFlagName(string flag, bool enabled)
    {
        var off = enabled ? string.Empty : " --off";
        if (FlagVerbs.Contains(flag, StringComparer.OrdinalIgnoreCase))
        {
            throw ToolException.Usage(
                $"'{flag}' is not a flag name: `flag` takes the name itself. Write `dotnet safe-migrate flag NAME{off}` (for example `flag AddEmail.contract-approved`), or `flag` alone to list them; nothing was changed.");
        }

        if (flag.Length == 0 || flag.Length > 200 || flag.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw ToolException.Usage(
                "A flag name is 1 to 200 characters without spaces, such as AddEmail.contract-approved; nothing was changed.");
        }
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            yield return current;
        }
    }
}
