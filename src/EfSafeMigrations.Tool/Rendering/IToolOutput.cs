using System.Threading.Channels;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>Where the tool shows what happens: readable text (the default) or JSON lines (<c>--json</c>).</summary>
internal interface IToolOutput
{
    /// <summary>A line of the tool's own (building, locating the app).</summary>
    void Info(string text);

    /// <summary>A line of the tool's own, shown with <c>--verbose</c>.</summary>
    void Verbose(string text);

    /// <summary>Shows the host's events as they come, until <paramref name="events"/> completes; <see cref="ResultEvent"/>s are left to <see cref="Result"/>.</summary>
    Task RenderAsync(ChannelReader<HostEvent> events);

    /// <summary>The run is being stopped by a signal.</summary>
    void Stopping(string text);

    /// <summary>How the run ended, shown last; <paramref name="detail"/> (a build log's tail, the host's last errors) goes to standard error.</summary>
    void Result(int exitCode, string message, string? detail = null);
}
