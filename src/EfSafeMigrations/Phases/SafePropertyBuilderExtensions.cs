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

    /// <summary>
    /// States that the column's stored timestamp values are UTC. A change from <c>timestamp</c> to <c>timestamptz</c>
    /// is then staged in place, run with the session TimeZone set to UTC for that statement: PostgreSQL 12 and later
    /// change only the catalogue (the column's indexes are rebuilt). Without it the change is refused, because under
    /// any other time zone PostgreSQL rewrites the table and reads every value in that zone.
    /// </summary>
    /// <param name="propertyBuilder">The property.</param>
    public static PropertyBuilder HasValuesInUtc(this PropertyBuilder propertyBuilder)
    {
        ArgumentNullException.ThrowIfNull(propertyBuilder);
        return propertyBuilder.HasAnnotation(SafeAnnotationNames.ValuesInUtc, "UTC");
    }
}
