using EfSafeMigrations.Deployment.Configuration;

namespace EfSafeMigrations.Deployment;

/// <summary>Runs one hook for one event; returns what happened, or throws <see cref="DeploymentActionFailure"/>.</summary>
internal sealed class HookRunner(FlagStore flags)
{
    public async Task<string> RunAsync(HookDefinition hook, PhaseEvent phaseEvent, CancellationToken stop)
    {
        if (hook.Command is { } command)
        {
            var outcome = await CommandRunner.RunAsync(command, phaseEvent, stop).ConfigureAwait(false);
            return outcome.Succeeded ? $"{Path.GetFileName(command.Run)} exited with 0" : throw new DeploymentActionFailure(outcome.Describe(command));
        }

        if (hook.Webhook is { } webhook)
        {
            var answer = await WebhookSender.SendAsync(webhook, hook.Name, phaseEvent, stop).ConfigureAwait(false);
            return $"POST {WebhookSender.Display(webhook.Url)}: {answer}";
        }

        var flag = hook.Flag!;
        var name = FlagName(flag.Name, phaseEvent.Group);
        await flags.WriteAsync(name, flag.Enabled, $"hook {hook.Name}", CancellationToken.None).ConfigureAwait(false);
        return $"flag {name} {(flag.Enabled ? "on" : "off")}";
    }

    /// <summary>A flag name from the configuration, with <c>{group}</c> replaced.</summary>
    public static string FlagName(string configured, string group) => configured.Replace("{group}", group, StringComparison.Ordinal);
}
