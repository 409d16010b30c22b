using System.CommandLine;
using System.CommandLine.Invocation;
using EfSafeMigrations.Running.Protocol;
using EfSafeMigrations.Tool;
using EfSafeMigrations.Tool.Cli;

var commandLine = new SafeMigrateCommandLine(SafeMigrateRun.RunAsync);
if (args.Length == 0)
{
    // Nothing asked: the help, as a usage error.
    await commandLine.Root.Parse(["--help"]).InvokeAsync();
    return ExitCodes.Usage;
}

var parseResult = commandLine.Root.Parse(args);
if (parseResult.Action is ParseErrorAction)
{
    return UsageErrors.Report(parseResult, args, Console.Out, Console.Error);
}

// Ctrl+C and SIGTERM are handled by the run itself (passed on to the runner host), not by System.CommandLine.
return await parseResult.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
