using EfSafeMigrations.Deployment.Configuration;

namespace EfSafeMigrations.Deployment;

/// <summary>An HTTP gate: a GET that must answer 2xx within its timeout.</summary>
internal static class HttpCheck
{
    private static readonly HttpClient Client = new() { Timeout = Timeout.InfiniteTimeSpan };

    public static async Task<(bool Passed, string Detail)> CheckAsync(HttpCheckSpec spec, PhaseEvent phaseEvent, CancellationToken stop)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, spec.Url);
        request.Headers.Add("X-SafeMigrate-Event", phaseEvent.Name);
        request.Headers.Add("X-SafeMigrate-Group", phaseEvent.Group);
        foreach (var (name, value) in spec.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var url = WebhookSender.Display(spec.Url);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(spec.Timeout);
        try
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            return (response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return (false, $"GET {url}: no answer within {Durations.Format(spec.Timeout)}");
        }
        catch (HttpRequestException error)
        {
            return (false, $"GET {url}: no answer ({error.InnerException?.Message ?? error.Message})");
        }
    }
}
