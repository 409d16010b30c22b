using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EfSafeMigrations.Running;

namespace EfSafeMigrations.Tool.Rendering;

/// <summary>
/// Takes passwords out of everything the tool shows: the password of the connection string in use (wherever it appears,
/// through <see cref="SecretScrubber"/>), the passwords of the replicas' connection strings (<c>--replica</c>) the same
/// way, and the value of any <c>Password=</c> / <c>Pwd=</c> setting, such as one in a context's own connection string
/// that the tool never saw.
/// </summary>
internal sealed partial class OutputScrubber(string? connectionString, IReadOnlyList<string>? replicas = null)
{
    private const string Mask = "***";

    /// <summary>The text without passwords.</summary>
    public string Scrub(string text)
        => PasswordSetting().Replace(
            (replicas ?? []).Aggregate(SecretScrubber.Scrub(text, connectionString), (scrubbed, replica) => SecretScrubber.Scrub(scrubbed, replica)),
            m => m.Groups["key"].Value + Mask);

    /// <summary>Scrubs every string value in <paramref name="node"/>, in place.</summary>
    public void ScrubStrings(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject objectNode:
                foreach (var (name, child) in objectNode.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        objectNode[name] = Scrub(text);
                    }
                    else
                    {
                        ScrubStrings(child);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        array[i] = Scrub(text);
                    }
                    else
                    {
                        ScrubStrings(array[i]);
                    }
                }

                break;
        }
    }

    [GeneratedRegex(@"(?<key>\b(?:Password|Pwd)\s*=\s*)(?:""[^""]*""|'[^']*'|[^;""'\s]*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordSetting();
}
