using System.Globalization;
using System.Text.RegularExpressions;

namespace EfSafeMigrations;

/// <summary>
/// Durations as the command line and <c>safe-migrate.json</c> write them: a number and a unit, <c>500ms</c>,
/// <c>2s</c>, <c>1.5s</c>, <c>1m</c>, <c>1h</c>.
/// </summary>
public static partial class Durations
{
    /// <summary>The accepted forms, for error messages and help.</summary>
    public const string AcceptedForms = "a number with a unit, such as 500ms, 2s, 1.5s, 1m or 1h";

    /// <summary>Reads <paramref name="text"/>; false when it is not a duration EfSafeMigrations accepts.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed == "0")
        {
            return true;
        }

        var match = Duration().Match(trimmed);
        if (!match.Success
            || !double.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var milliseconds = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "ms" => number,
            "s" => number * 1_000,
            "m" => number * 60_000,
            _ => number * 3_600_000,
        };
        if (milliseconds > TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(Math.Round(milliseconds));
        return true;
    }

    /// <summary>The duration as EfSafeMigrations writes it back (<c>500ms</c>, <c>2s</c>, <c>1.5m</c>).</summary>
    public static string Format(TimeSpan duration)
        => duration.TotalMilliseconds switch
        {
            0 => "0",
            < 1_000 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0}ms"),
            < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s"),
            < 3_600_000 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMinutes:0.###}m"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalHours:0.###}h"),
        };

    [GeneratedRegex(@"^(?<number>\d+(\.\d+)?)\s*(?<unit>ms|s|m|h)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
