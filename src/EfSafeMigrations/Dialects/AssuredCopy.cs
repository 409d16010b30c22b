namespace EfSafeMigrations.Dialects;

/// <summary>
/// What an <see cref="OnlineAlterStep"/> may still do when the server refused every attempt that keeps writes going and
/// the developer assured the change (<c>.IsSafetyAssured("why")</c>): the statements that block writes, least locking first.
/// </summary>
/// <param name="Notice">What the run says before it blocks writes: the change, that it copies the table, and the developer's reason.</param>
/// <param name="Attempts">The statements, tried in turn while the server refuses them as it did the online ones.</param>
public sealed record AssuredCopy(string Notice, IReadOnlyList<string> Attempts);
