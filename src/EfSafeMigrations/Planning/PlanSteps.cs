using EfSafeMigrations.Sql;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EfSafeMigrations.Planning;

/// <summary>The steps of a migration's commands: what a plan records and what the runner executes.</summary>
public static class PlanSteps
{
    /// <summary>The step that runs one command of the online SQL generator.</summary>
    public static PlanStep From(MigrationCommand command) => command switch
    {
        BatchedBackfillCommand backfill => new PlanStep(
            "backfill",
            backfill.CommandText,
            Backfill: new PlanBackfill(
                backfill.Operation.Table, backfill.Operation.Schema, backfill.Operation.Column, backfill.Operation.ValueSql, backfill.Operation.KeyColumns, backfill.Operation.BatchSize)),
        ConcurrentIndexCommand index => new PlanStep("concurrent-index", index.Step.Sql, index.Step.Name, index.Step.Schema),
        OnlineAlterCommand alter => new PlanStep(
            "online-alter", alter.CommandText, Attempts: alter.Step.Attempts, DoneWhen: alter.Step.DoneWhen, Refusal: alter.Step.Refusal, Reset: alter.Step.Reset, Assured: alter.Step.Assured),
        CheckCommand check => new PlanStep("check", check.Step.Query, Refusal: check.Step.Failure),
        NonTransactionalDdlCommand ddl => new PlanStep("ddl-outside-transaction", ddl.Sql),
        { TransactionSuppressed: true } => new PlanStep("ddl-outside-transaction", command.CommandText),
        _ => new PlanStep("ddl", command.CommandText),
    };
}
