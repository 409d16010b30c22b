using System.Reflection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Design;

/// <summary>The project's migrations without the ones already removed, so a group is removed one phase at a time.</summary>
/// <param name="inner">The compiled migrations.</param>
/// <param name="removed">Ids of migrations whose files are already deleted.</param>
internal sealed class MigrationsAssemblyWithout(IMigrationsAssembly inner, IReadOnlySet<string> removed) : IMigrationsAssembly
{
    public IReadOnlyDictionary<string, TypeInfo> Migrations { get; } =
        new SortedList<string, TypeInfo>(inner.Migrations.Where(m => !removed.Contains(m.Key)).ToDictionary(m => m.Key, m => m.Value));

    public ModelSnapshot? ModelSnapshot => inner.ModelSnapshot;

    public Assembly Assembly => inner.Assembly;

    public string? FindMigrationId(string nameOrId)
    {
        var id = inner.FindMigrationId(nameOrId);
        return id != null && removed.Contains(id) ? null : id;
    }

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider) => inner.CreateMigration(migrationClass, activeProvider);
}
