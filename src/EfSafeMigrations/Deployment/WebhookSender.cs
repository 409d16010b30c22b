using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using EfSafeMigrations.Deployment.Configuration;

namespace EfSafeMigrations.Deployment;

/// <summary>
/// Posts a webhook: the event as JSON, signed when the hook has a secret, each attempt bounded by the
/// hook's timeout, retried with a growing delay when the receiver does not answer or answers 408, 429 or 5xx.
/// </summary>
internal static class WebhookSender
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private static readonly string UserAgent = "EfSafeMigrations/" + (typeof(WebhookSender).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0");

    /// <summary>Sends the hook; returns what the receiver answered, or throws <see cref="DeploymentActionFailure"/>.</summary>
    public static async Task<string> SendAsync(WebhookSpec spec, string hookName, PhaseEvent phaseEvent, CancellationToken stop)
    {
        var delivery = $"{phaseEvent.MigrationId}:{phaseEvent.Name}:{hookName}";
        var failures = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new WebhookPayload(
                delivery, phaseEvent.Name, phaseEvent.Phase.ToString().ToLowerInvariant(), phaseEvent.Group, phaseEvent.MigrationId,
                phaseEvent.Database, hookName, attempt, DateTimeOffset.UtcNow), WebhookPayload.Json);
            var (done, answer) = await AttemptAsync(spec, phaseEvent, delivery, body, stop).ConfigureAwait(false);
            if (done)
            {
                return answer;
            }

            failures.Add(answer);
            if (attempt > spec.Retries || !IsRetryable(answer))
            {
                throw new DeploymentActionFailure(
                    $"POST {Display(spec.Url)} failed after {attempt} attempt{(attempt == 1 ? string.Empty : "s")}: {string.Join("; ", failures.Distinct())}");
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, Math.Pow(2, attempt - 1))), stop).ConfigureAwait(false);
        }
    }

    /// <summary>The URL without its user info and query, which may carry a token.</summary>
    public static string Display(Uri url) => url.GetLeftPart(UriPartial.Path);

    private static async Task<(bool Done, string Answer)> AttemptAsync(WebhookSpec spec, PhaseEvent phaseEvent, string delivery, byte[] body, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, spec.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add("X-SafeMigrate-Event", phaseEvent.Name);
        request.Headers.Add("X-SafeMigrate-Delivery", delivery);
        if (spec.Secret is { Length: > 0 } secret)
        {
            request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(secret, body));
        }

        foreach (var (name, value) in spec.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
            return (response.IsSuccessStatusCode, status);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return (false, $"no answer within {Durations.Format(spec.Timeout)}");
        }
        catch (HttpRequestException error)
        {
            return (false, "no answer: " + (error.InnerException?.Message ?? error.Message));
        }
    }

    private static bool IsRetryable(string answer)
        => !int.TryParse(answer.Split(' ')[0], out var status)
            || status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500;
}
