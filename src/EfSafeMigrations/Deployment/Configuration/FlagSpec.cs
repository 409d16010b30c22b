namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>A deployment flag a hook sets; <c>{group}</c> in the name is replaced by the group's name.</summary>
/// <param name="Name">The flag.</param>
/// <param name="Enabled">On or off.</param>
public sealed record FlagSpec(string Name, bool Enabled);
