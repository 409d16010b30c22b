namespace EfSafeMigrations.Deployment;

/// <summary>One gate checked for one group.</summary>
/// <param name="Gate">The gate's name.</param>
/// <param name="Group">The group.</param>
/// <param name="Passed">Whether it is open.</param>
/// <param name="Detail">Why, in words (no secret).</param>
internal sealed record GateResult(string Gate, string Group, bool Passed, string Detail);
