using System.Globalization;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Design;

/// <summary>
/// Migration ids whose timestamps ascend strictly after every existing migration, so a group's phases
/// sort in phase order and after every earlier group even when scaffolded within the same second.
/// </summary>
/// <param name="inner">EF Core's id generator.</param>
/// <param name="lastExistingId">The newest existing migration id, or null.</param>
internal sealed class AscendingMigrationsIdGenerator(IMigrationsIdGenerator inner, string? lastExistingId) : IMigrationsIdGenerator
{
    private const string Format = "yyyyMMddHHmmss";
    private DateTime? _last = Timestamp(lastExistingId);

    public string GenerateId(string name)
    {
        var id = inner.GenerateId(name);
        var stamp = Timestamp(id) ?? DateTime.UtcNow;
        if (_last is { } last && stamp <= last)
        {
            stamp = last.AddSeconds(1);
        }

        _last = stamp;
        return stamp.ToString(Format, CultureInfo.InvariantCulture) + "_" + name;
    }

    public string GetName(string id) => inner.GetName(id);

    public bool IsValidId(string value) => inner.IsValidId(value);

    private static DateTime? Timestamp(string? id)
        => id != null && id.Length >= Format.Length
            && DateTime.TryParseExact(id[..Format.Length], Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stamp)
            ? stamp
            : null;
}
