using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace EfSafeMigrations.Running;

/// <summary>
/// Creates the user's DbContext the way <c>dotnet ef</c> does: through EF Core Design's activator when
/// the app has it (design-time factory, host builder, or DI), else through an
/// <see cref="IDesignTimeDbContextFactory{TContext}"/> in the startup assembly.
/// </summary>
internal static class ContextFactory
{
    public static DbContext Create(Assembly migrationsAssembly, Assembly startupAssembly, string? contextName)
    {
        var type = FindContextType(migrationsAssembly, startupAssembly, contextName);
        var activator = Type.GetType("Microsoft.EntityFrameworkCore.Design.DbContextActivator, Microsoft.EntityFrameworkCore.Design", throwOnError: false);
        // Found by name: EF Core Design is optional at run time, so no compile-time reference to its types here.
        var create = activator?.GetMethods().FirstOrDefault(m => m.Name == "CreateInstance" && m.GetParameters().Length == 4);
        if (create != null)
        {
            try
            {
                return (DbContext)create.Invoke(null, [type, startupAssembly, null, Array.Empty<string>()])!;
            }
            catch (TargetInvocationException error) when (error.InnerException != null)
            {
                throw new InvalidOperationException($"Creating {type.Name} failed: {error.InnerException.Message}", error.InnerException);
            }
        }

        var factory = startupAssembly.GetTypes()
            .FirstOrDefault(t => !t.IsAbstract && typeof(IDesignTimeDbContextFactory<>).MakeGenericType(type).IsAssignableFrom(t))
            ?? throw new InvalidOperationException(
                $"Cannot create {type.Name}: the app references neither Microsoft.EntityFrameworkCore.Design nor has an IDesignTimeDbContextFactory<{type.Name}>. Add one of them.");
        var instance = Activator.CreateInstance(factory)!;
        return (DbContext)factory.GetMethod("CreateDbContext")!.Invoke(instance, [Array.Empty<string>()])!;
    }

    private static Type FindContextType(Assembly migrationsAssembly, Assembly startupAssembly, string? contextName)
    {
        var candidates = new[] { migrationsAssembly, startupAssembly }.Distinct()
            .SelectMany(LoadableTypes)
            .Where(t => !t.IsAbstract && typeof(DbContext).IsAssignableFrom(t))
            .Distinct()
            .ToList();
        if (contextName != null)
        {
            return candidates.FirstOrDefault(t => t.FullName == contextName)
                ?? candidates.FirstOrDefault(t => t.Name == contextName)
                ?? throw new RunnerRefusal(
                    Protocol.ExitCodes.Usage,
                    $"No DbContext named '{contextName}' (--context) was found; nothing was changed. Contexts found: {string.Join(", ", candidates.Select(t => t.FullName))}.");
        }

        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new RunnerRefusal(Protocol.ExitCodes.Usage, $"No DbContext was found in {migrationsAssembly.GetName().Name}; nothing was changed. Give the project (or --assembly) that holds the migrations."),
            _ => throw new RunnerRefusal(
                Protocol.ExitCodes.Usage, $"More than one DbContext was found ({string.Join(", ", candidates.Select(t => t.FullName))}). Say which with --context; nothing was changed."),
        };
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            return partial.Types.OfType<Type>();
        }
    }
}
