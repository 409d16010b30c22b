using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace EfSafeMigrations;

/// <summary>Suppresses a lint rule for one operation of a migration.</summary>
public static class LintSuppression
{
    /// <summary>
    /// Suppresses lint rule <paramref name="code"/> for this operation, with the reason, for example
    /// <c>migrationBuilder.DropColumn("Legacy", "Customers").SuppressSafeMigrationRule("ESM0010", "never read")</c>.
    /// </summary>
    public static OperationBuilder<TOperation> SuppressSafeMigrationRule<TOperation>(this OperationBuilder<TOperation> builder, string code, string justification)
        where TOperation : MigrationOperation
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(justification);
        return builder.Annotation(SafeAnnotationNames.Suppress + code, justification);
    }

    /// <summary>Whether the operation suppresses the rule.</summary>
    public static bool Suppresses(MigrationOperation operation, string code) => operation.FindAnnotation(SafeAnnotationNames.Suppress + code) != null;
}
