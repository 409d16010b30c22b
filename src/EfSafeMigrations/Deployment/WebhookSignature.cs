using System.Security.Cryptography;
using System.Text;

namespace EfSafeMigrations.Deployment;

/// <summary>
/// The signature of a webhook's body: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the exact body
/// bytes with the shared secret, sent in <see cref="HeaderName"/>. A receiver recomputes it and compares
/// in constant time (<see cref="Verify"/>).
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header that carries the signature.</summary>
    public const string HeaderName = "X-SafeMigrate-Signature-256";

    /// <summary>The signature of <paramref name="body"/> with <paramref name="secret"/>.</summary>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Whether <paramref name="signature"/> (the header's value) is the body's signature with the secret.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? signature)
        => signature != null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, body)), Encoding.ASCII.GetBytes(signature));
}
