namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>
/// An HTTP POST of the event as JSON. With a <see cref="Secret"/>, the body is signed with HMAC-SHA256 in
/// the <c>X-SafeMigrate-Signature-256</c> header (<c>sha256=</c> and the lowercase hex digest, see
/// <see cref="WebhookSignature"/>).
/// </summary>
/// <param name="Url">Where to post.</param>
/// <param name="Secret">The signing secret (write it as <c>${VARIABLE}</c> so it stays out of the file); null to send unsigned.</param>
/// <param name="Headers">Extra request headers.</param>
/// <param name="Timeout">How long one attempt may take.</param>
/// <param name="Retries">How many times a failed attempt (no answer, 408, 429 or 5xx) is retried; other answers fail at once.</param>
public sealed record WebhookSpec(Uri Url, string? Secret, IReadOnlyDictionary<string, string> Headers, TimeSpan Timeout, int Retries);
