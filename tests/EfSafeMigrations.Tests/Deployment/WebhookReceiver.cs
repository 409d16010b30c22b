using System.Net;
using System.Net.Sockets;

namespace EfSafeMigrations.Tests.Deployment;

/// <summary>A real HTTP listener on 127.0.0.1 that records every request and answers with the statuses it is given, in turn (the last one repeats).</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<ReceivedRequest> _received = [];
    private readonly Queue<HttpStatusCode> _answers;
    private readonly Task _loop;

    public WebhookReceiver(params HttpStatusCode[] answers)
    {
        _answers = new Queue<HttpStatusCode>(answers.Length == 0 ? [HttpStatusCode.OK] : answers);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/deploy/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            HttpStatusCode status;
            lock (_received)
            {
                _received.Add(new ReceivedRequest(
                    context.Request.HttpMethod,
                    context.Request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase),
                    body.ToArray()));
                status = _answers.Count > 1 ? _answers.Dequeue() : _answers.Peek();
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
