using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EfSafeMigrations.Hosting;

/// <summary>A context borrowed for one piece of work, with whatever owns it (a DI scope, or the context itself).</summary>
internal sealed class ContextLease(DbContext context, IAsyncDisposable owner) : IAsyncDisposable
{
    public DbContext Context { get; } = context;

    /// <summary>
    /// A context from the app's services: from <see cref="IDbContextFactory{TContext}"/> when the app registers one,
    /// else from a new DI scope (disposed with the lease).
    /// </summary>
    public static ContextLease From<TContext>(IServiceProvider services)
        where TContext : DbContext
    {
        if (services.GetService<IDbContextFactory<TContext>>() is { } factory)
        {
            var created = factory.CreateDbContext();
            return new ContextLease(created, created);
        }

        var scope = services.CreateAsyncScope();
        try
        {
            return new ContextLease(scope.ServiceProvider.GetRequiredService<TContext>(), scope);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    /// <summary>A context the caller's delegate creates; the lease disposes it.</summary>
    public static ContextLease From(Func<DbContext> createContext)
    {
        var created = createContext();
        return new ContextLease(created, created);
    }

    public ValueTask DisposeAsync() => owner.DisposeAsync();
}
