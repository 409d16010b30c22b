using System.Globalization;
using System.Text.Json;

namespace EfSafeMigrations.Running;

/// <summary>
/// Writes a backfill checkpoint as JSON that keeps each key value's type, so a resumed batch compares
/// keys with parameters of the same type (an integer key against an integer, a uuid against a uuid).
/// </summary>
internal static class CheckpointCodec
{
    public static string Encode(BackfillCheckpoint checkpoint)
        => JsonSerializer.Serialize(new Stored(Encode(checkpoint.Upper), checkpoint.Lower is { } lower ? Encode(lower) : null, checkpoint.RowsVisited, checkpoint.RowsFilled));

    public static BackfillCheckpoint Decode(string json)
    {
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new InvalidOperationException("A backfill checkpoint in the state table is empty.");
        return new BackfillCheckpoint(Decode(stored.Upper), stored.Lower is { } lower ? Decode(lower) : null, stored.Visited, stored.Filled);
    }

    private static string[][] Encode(object?[] key)
        => key.Select(v => v == null ? ["null", ""] : new[] { v.GetType().FullName!, Format(v) }).ToArray();

    private static object?[] Decode(string[][] key) => key.Select(p => Parse(p[0], p[1])).ToArray();

    private static string Format(object value) => value switch
    {
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] b => Convert.ToBase64String(b),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static object? Parse(string type, string text) => type switch
    {
        "null" => null,
        "System.String" => text,
        "System.Guid" => Guid.Parse(text, CultureInfo.InvariantCulture),
        "System.DateTime" => DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "System.DateTimeOffset" => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        "System.Byte[]" => Convert.FromBase64String(text),
        _ => Convert.ChangeType(text, Type.GetType(type) ?? throw new InvalidOperationException($"A backfill checkpoint holds a key of unknown type {type}."), CultureInfo.InvariantCulture),
    };

    private sealed record Stored(string[][] Upper, string[][]? Lower, long Visited, long Filled);
}
