using System.Globalization;

namespace EfSafeMigrations.Tests.TestInfrastructure;

/// <summary>Turns what <c>ExecuteScalar</c> returned into the type a test asked for.</summary>
internal static class ScalarConversion
{
    /// <summary><c>null</c>/<see cref="DBNull"/> become <c>default</c>; other values are cast or converted (invariant culture).</summary>
    public static T? To<T>(object? value)
    {
        if (value is null or DBNull)
        {
            return default;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}
