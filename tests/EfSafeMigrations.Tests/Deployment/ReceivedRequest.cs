namespace EfSafeMigrations.Tests.Deployment;

/// <summary>One request a <see cref="WebhookReceiver"/> got.</summary>
internal sealed record ReceivedRequest(string Method, IReadOnlyDictionary<string, string> Headers, byte[] Body);
