using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EfSafeMigrations;

/// <summary>Model configuration that tells the stager how to stage a change to a property's column.</summary>
public static class SafePropertyBuilderExtensions
{
    /// <summary>
    /// The column is computed from the row's other columns: when it is added (or made required), the
    /// stager adds it nullable with a trigger computing it for the old app version's writes, backfills
    /// existing rows with <paramref name="valueSql"/>, then makes it NOT NULL in Contract. Without an
    /// expression the scaffolded migrations hold <see cref="BackfillSql.Placeholder"/>, which fails the
    /// build until the expression is written there.
    /// </summary>
    /// <param name="propertyBuilder">The property.</param>
    /// <param name="valueSql">A SQL expression over the row's other columns, or null to write it in the migrations.</param>
    public static PropertyBuilder HasBackfillSql(this PropertyBuilder propertyBuilder, string? valueSql = null)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        return propertyBuilder.HasAnnotation(SafeAnnotationNames.BackfillSql, valueSql ?? string.Empty);
    }

    /// <summary>
    /// Lets the stager apply a change to this column that it would refuse as unsafe (a type change that
    /// rewrites the table). The reason is printed when the migration is scaffolded.
    /// </summary>
    /// <param name="propertyBuilder">The property.</param>
    /// <param name="reason">Why the change is safe here, for example "the table has 200 rows".</param>
    public static PropertyBuilder IsSafetyAssured(this PropertyBuilder propertyBuilder, string reason)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return propertyBuilder.HasAnnotation(SafeAnnotationNames.SafetyAssured, reason);
    }
}
