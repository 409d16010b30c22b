using EfSafeMigrations.Linting.Rules;

namespace EfSafeMigrations.Linting;

/// <summary>Runs the lint rules over migrations and drops the suppressed findings.</summary>
/// <param name="rules">The rules.</param>
public sealed class Linter(IReadOnlyList<LintRule> rules)
{
    /// <summary>A linter with every built-in rule.</summary>
    public Linter()
        : this(BuiltInRules)
    {
    }

    /// <summary>The built-in rules, by code.</summary>
    public static IReadOnlyList<LintRule> BuiltInRules { get; } =
    [
        new BlockingCreateIndexRule(), new BlockingDropIndexRule(), new ForeignKeyValidatedUnderLockRule(),
        new CheckConstraintValidatedUnderLockRule(), new UniqueConstraintBuiltUnderLockRule(), new NotNullInOneStepRule(),
        new RewritingTypeChangeRule(), new RewritingDefaultRule(), new RenameColumnOutsideContractRule(),
        new DropColumnOutsideContractRule(), new RenameTableOutsideContractRule(), new DropTableOutsideContractRule(),
        new UnsafeRawSqlRule(), new BackfillPlaceholderRule(), new ClrDefaultForRequiredColumnRule(), new JsonColumnRule(),
        new GeneratedKeyColumnRule(), new SafeNotNullNeedsPostgres12Rule(), new SqlOutsideSourceRule(), new ColumnRebuildOnOlderMySqlRule(),
        new NonAtomicDataChangeRule(),
    ];

    /// <summary>The rules.</summary>
    public IReadOnlyList<LintRule> Rules => rules;

    /// <summary>The findings in the migrations, in migration and operation order.</summary>
    public IReadOnlyList<LintDiagnostic> Lint(IEnumerable<LintTarget> targets, LintSettings settings)
        => targets
            .SelectMany(target => rules
                .Where(rule => !target.Suppressed.Contains(rule.Code))
                .SelectMany(rule => rule.Check(target, settings))
                .Where(d => !LintSuppression.Suppresses(target.Operations[d.OperationIndex], d.Code)))
            .OrderBy(d => d.MigrationId, StringComparer.Ordinal)
            .ThenBy(d => d.OperationIndex)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
}
