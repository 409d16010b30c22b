using System.Reflection;

namespace EfSafeMigrations.Running;

/// <summary>One migration as the runner sees it: its id, its group and phase, and whether it is applied.</summary>
/// <param name="Id">The migration id.</param>
/// <param name="Group">The group's name (the migration name without its phase suffix).</param>
/// <param name="Phase">Its phase; a migration that is not staged counts as an Expand.</param>
/// <param name="Type">The migration class.</param>
/// <param name="Applied">Whether <c>__EFMigrationsHistory</c> records it.</param>
public sealed record PhaseMigration(string Id, string Group, MigrationPhase Phase, TypeInfo Type, bool Applied);
