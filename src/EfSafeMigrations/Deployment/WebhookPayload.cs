using System.Text.Json;

namespace EfSafeMigrations.Deployment;

/// <summary>The JSON body of a webhook.</summary>
/// <param name="Id">The delivery's id: the same for every attempt and every re-run of the same hook, so a receiver can ignore repeats.</param>
/// <param name="Event">The event, for example <c>after-backfill</c>.</param>
/// <param name="Phase">The phase.</param>
/// <param name="Group">The group.</param>
/// <param name="MigrationId">The phase migration.</param>
/// <param name="Database">The database's name.</param>
/// <param name="Hook">The hook's name.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="SentAt">When this attempt was sent.</param>
public sealed record WebhookPayload(
    string Id, string Event, string Phase, string Group, string MigrationId, string Database, string Hook, int Attempt, DateTimeOffset SentAt)
{
    /// <summary>The JSON shape: camelCase.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
