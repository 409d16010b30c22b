namespace EfSafeMigrations.Tests.Catalogue.Harness;

/// <summary>An app version read a value other than the one written: what a user would call a wrong read.</summary>
/// <param name="message">What was expected and what was read.</param>
public sealed class WrongReadException(string message) : Exception(message);
