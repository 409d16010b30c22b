using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>Webhook hooks, received by a real HTTP listener on 127.0.0.1.</summary>
public sealed class WebhookHookTests
{
    [Fact]
    public async Task An_after_backfill_webhook_is_posted_once_signed_with_the_secret_from_the_environment()
    {
        await using var receiver = new WebhookReceiver();
        var variable = "EFSM_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        const string Secret = "s3cr3t-shared-with-the-receiver";
        Environment.SetEnvironmentVariable(variable, Secret);
        await using var deployment = await ShopDeployment.CreateAsync($$"""
            {
              "hooks": [
                { "name": "notify", "on": "after-backfill", "webhook": { "url": "{{receiver.Url}}?token=abc123", "secret": "${{{variable}}}" } }
              ]
            }
            """);

        await deployment.ApplyAsync(MigrationPhase.Expand);
        Assert.Empty(receiver.Received);
        var backfill = await deployment.RunAsync(MigrationPhase.Backfill);
        var again = await deployment.RunAsync(MigrationPhase.Backfill);

        Assert.Equal(0, backfill.Result.ExitCode);
        var request = Assert.Single(receiver.Received);
        Assert.Equal("POST", request.Method);
        Assert.Equal("after-backfill", request.Headers["X-SafeMigrate-Event"]);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers["X-SafeMigrate-Signature-256"]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("after-backfill", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("backfill", body.RootElement.GetProperty("phase").GetString());
        Assert.Equal("CustomerDetails", body.RootElement.GetProperty("group").GetString());
        Assert.Equal(ShopDeployment.Backfill, body.RootElement.GetProperty("migrationId").GetString());
        Assert.Equal(deployment.Database.Name, body.RootElement.GetProperty("database").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("attempt").GetInt32());

        var hook = Assert.Single(backfill.All.OfType<HookEvent>());
        Assert.Equal(("notify", "after-backfill", "CustomerDetails", "done"), (hook.Hook, hook.On, hook.Group, hook.Status));
        Assert.DoesNotContain(backfill.All, e => e.ToString()!.Contains("abc123", StringComparison.Ordinal) || e.ToString()!.Contains(Secret, StringComparison.Ordinal));
        Assert.Equal(0, again.Result.ExitCode);
        Assert.StartsWith("Backfill is already applied: 20261121074357_CustomerDetails_Backfill at ", again.Result.Message, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_webhook_answered_with_503_is_retried_as_the_same_delivery()
    {
        await using var receiver = new WebhookReceiver(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        await using var deployment = await ShopDeployment.CreateAsync($$"""
            { "hooks": [ { "name": "notify", "on": "after-expand", "group": "CustomerDetails", "webhook": { "url": "{{receiver.Url}}", "retries": 2 } } ] }
            """);

        var expand = await deployment.RunAsync(MigrationPhase.Expand);

        Assert.Equal(0, expand.Result.ExitCode);
        Assert.Equal(2, receiver.Received.Count);
        Assert.Equal(receiver.Received[0].Headers["X-SafeMigrate-Delivery"], receiver.Received[1].Headers["X-SafeMigrate-Delivery"]);
        Assert.Equal([1, 2], receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("attempt").GetInt32()));
        Assert.False(receiver.Received[0].Headers.ContainsKey("X-SafeMigrate-Signature-256"));
        Assert.Contains("200 OK", Assert.Single(expand.All.OfType<HookEvent>()).Detail);
    }

    [Fact]
    public async Task A_webhook_refused_with_400_stops_the_run_and_the_rerun_sends_it_again_without_applying_the_phase_twice()
    {
        await using var receiver = new WebhookReceiver(HttpStatusCode.BadRequest, HttpStatusCode.OK);
        await using var deployment = await ShopDeployment.CreateAsync($$"""
            { "hooks": [ { "name": "notify", "on": "after-backfill", "webhook": { "url": "{{receiver.Url}}" } } ] }
            """);
        await deployment.ApplyAsync(MigrationPhase.Expand);

        var failed = await deployment.RunAsync(MigrationPhase.Backfill);
        var rerun = await deployment.RunAsync(MigrationPhase.Backfill);
        var third = await deployment.RunAsync(MigrationPhase.Backfill);

        Assert.Equal(ExitCodes.Failed, failed.Result.ExitCode);
        Assert.Equal(
            $"{ShopDeployment.Backfill} was applied, but hook notify (after-backfill of CustomerDetails) failed: POST {receiver.Url} failed after 1 attempt: 400 Bad Request. "
            + "Fix the cause and run the same command again: the hook runs again, the migration is not applied again.",
            failed.Result.Message);
        Assert.Contains(ShopDeployment.Backfill, await deployment.HistoryAsync());
        Assert.Equal(0, rerun.Result.ExitCode);
        Assert.DoesNotContain(rerun.All.OfType<StepEvent>(), s => s.Status == "started");
        Assert.Equal("done", Assert.Single(rerun.All.OfType<HookEvent>()).Status);
        Assert.Equal(0, third.Result.ExitCode);
        Assert.StartsWith("Backfill is already applied: 20261121074357_CustomerDetails_Backfill at ", third.Result.Message, StringComparison.Ordinal);
        Assert.Equal(2, receiver.Received.Count);
    }
}
