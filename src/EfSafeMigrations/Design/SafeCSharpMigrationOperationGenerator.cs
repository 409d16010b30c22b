using EfSafeMigrations.Operations;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Design;

/// <summary>
/// EF Core's C# operation generator, taught to write EfSafeMigrations' operations as calls to their
/// <c>MigrationBuilder</c> extension methods.
/// </summary>
/// <param name="dependencies">EF Core's dependencies of the generator.</param>
public class SafeCSharpMigrationOperationGenerator(CSharpMigrationOperationGeneratorDependencies dependencies)
    : CSharpMigrationOperationGenerator(dependencies)
{
    /// <inheritdoc />
    protected override void Generate(MigrationOperation operation, IndentedStringBuilder builder)
    {
        if (operation is not SafeMigrationOperation safe)
        {
            base.Generate(operation, builder);
            return;
        }

        builder.Append('.').Append(safe.BuilderMethodName).AppendLine("(");
        using (builder.Indent())
        {
            var arguments = safe.BuilderArguments().Where(a => a.Value != null).ToList();
            for (var i = 0; i < arguments.Count; i++)
            {
                builder.Append(arguments[i].Key).Append(": ").Append(Literal(arguments[i].Value!));
                if (i < arguments.Count - 1)
                {
                    builder.AppendLine(",");
                }
            }

            builder.Append(")");
        }
    }

    private string Literal(object value)
        => value is BackfillSql.PlaceholderValue ? "BackfillSql.Placeholder" : Dependencies.CSharpHelper.UnknownLiteral(value);
}
