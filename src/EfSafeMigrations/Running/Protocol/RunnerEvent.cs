using System.Text.Json.Serialization;

namespace EfSafeMigrations.Running.Protocol;

/// <summary>
/// What a runner reports while it works, one JSON object per line on the host's standard output. The
/// tool renders them as text, a progress bar, or passes them on with <c>--json</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "event")]
[JsonDerivedType(typeof(GroupStatusEvent), "group")]
[JsonDerivedType(typeof(StepEvent), "step")]
[JsonDerivedType(typeof(SqlEvent), "sql")]
[JsonDerivedType(typeof(BackfillProgressEvent), "backfill")]
[JsonDerivedType(typeof(RetryEvent), "retry")]
[JsonDerivedType(typeof(WaitEvent), "wait")]
[JsonDerivedType(typeof(MessageEvent), "message")]
[JsonDerivedType(typeof(ResultEvent), "result")]
[JsonDerivedType(typeof(LintEvent), "lint")]
[JsonDerivedType(typeof(HookEvent), "hook")]
[JsonDerivedType(typeof(GateEvent), "gate")]
[JsonDerivedType(typeof(FlagStatusEvent), "flag")]
[JsonDerivedType(typeof(InstanceStatusEvent), "instance")]
public abstract record RunnerEvent;

/// <summary>A group's state: which of its phases exist and which are applied.</summary>
/// <param name="Group">The group's name, for example <c>AddEmail</c>.</param>
/// <param name="Phases">Each phase of the group, its migration id and whether it is applied.</param>
public sealed record GroupStatusEvent(string Group, IReadOnlyList<PhaseStatus> Phases) : RunnerEvent;

/// <summary>One phase of a group.</summary>
/// <param name="Phase">The phase.</param>
/// <param name="MigrationId">The phase migration's id.</param>
/// <param name="Applied">Whether it is recorded in the history table.</param>
/// <param name="State">The runner's own record: null, "running", "done", "failed", "stopped".</param>
public sealed record PhaseStatus(MigrationPhase Phase, string MigrationId, bool Applied, string? State);

/// <summary>A migration started, finished, was skipped or failed.</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="Status">"started", "done", "skipped", "failed", "rolled-back".</param>
/// <param name="Detail">What happened, for the developer.</param>
/// <param name="Seconds">How long it took, when finished.</param>
public sealed record StepEvent(string MigrationId, MigrationPhase Phase, string Status, string? Detail = null, double? Seconds = null) : RunnerEvent;

/// <summary>The SQL a migration would run (<c>--dry-run</c>, <c>plan</c>).</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Sql">Its SQL.</param>
public sealed record SqlEvent(string MigrationId, string Sql) : RunnerEvent;

/// <summary>A backfill's progress, after every batch.</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Target">The table and column, for example <c>Customers.Email</c>.</param>
/// <param name="RowsDone">Rows visited so far (resumed runs count what was done before).</param>
/// <param name="RowsTotal">An estimate of the rows to visit.</param>
/// <param name="RowsPerSecond">The recent rate.</param>
/// <param name="BatchSize">The current batch size.</param>
/// <param name="Finished">True on the last event of a backfill.</param>
public sealed record BackfillProgressEvent(
    string MigrationId, string Target, long RowsDone, long RowsTotal, double RowsPerSecond, int BatchSize, bool Finished) : RunnerEvent;

/// <summary>A step hit the lock timeout and will be retried.</summary>
/// <param name="MigrationId">The migration.</param>
/// <param name="Attempt">The attempt that failed (1 for the first).</param>
/// <param name="DelaySeconds">How long until the next attempt.</param>
/// <param name="Reason">The database's message.</param>
public sealed record RetryEvent(string MigrationId, int Attempt, double DelaySeconds, string Reason) : RunnerEvent;

/// <summary>The runner waits: for another runner's lock, or for a replica to catch up.</summary>
/// <param name="Reason">What it waits for.</param>
/// <param name="Seconds">How long it has waited so far.</param>
public sealed record WaitEvent(string Reason, double Seconds) : RunnerEvent;

/// <summary>A line of information (verbose when <see cref="Verbose"/>).</summary>
/// <param name="Text">The text.</param>
/// <param name="Verbose">Shown only with <c>--verbose</c>.</param>
public sealed record MessageEvent(string Text, bool Verbose = false) : RunnerEvent;

/// <summary>The last event: how the run ended.</summary>
/// <param name="ExitCode">0 done, 1 failed, 2 usage, 3 refused with nothing changed.</param>
/// <param name="Message">What happened and, when it did not succeed, what to do.</param>
public sealed record ResultEvent(int ExitCode, string Message) : RunnerEvent;

/// <summary>One lint finding.</summary>
/// <param name="Code">The rule's code, for example ESM0001.</param>
/// <param name="Severity">"error" or "warning".</param>
/// <param name="MigrationId">The migration.</param>
/// <param name="Table">The table, when there is one.</param>
/// <param name="Column">The column, when there is one.</param>
/// <param name="Message">What is unsafe.</param>
/// <param name="Fix">What to do instead.</param>
/// <param name="File">The migration's source file, when found.</param>
/// <param name="Line">The line of the operation in it (1-based), when found.</param>
public sealed record LintEvent(
    string Code, string Severity, string MigrationId, string? Table, string? Column, string Message, string Fix, string? File, int? Line) : RunnerEvent;

/// <summary>A hook ran (or was skipped because an earlier run finished it).</summary>
/// <param name="Hook">The hook's name from the configuration.</param>
/// <param name="On">The event, for example <c>after-backfill</c>.</param>
/// <param name="Group">The group it ran for.</param>
/// <param name="MigrationId">The phase migration it ran for.</param>
/// <param name="Status">"done", "failed" or "skipped" (done in an earlier run).</param>
/// <param name="Detail">What happened, for the developer (never a secret).</param>
/// <param name="Seconds">How long it took.</param>
public sealed record HookEvent(string Hook, string On, string Group, string MigrationId, string Status, string? Detail = null, double? Seconds = null) : RunnerEvent;

/// <summary>A gate was checked before a phase.</summary>
/// <param name="Gate">The gate's name from the configuration (<c>old-instances</c> for the built-in contract gate).</param>
/// <param name="Phase">The phase it guards.</param>
/// <param name="Group">The group it was checked for.</param>
/// <param name="Passed">Whether it let the phase through.</param>
/// <param name="Detail">Why (never a secret).</param>
public sealed record GateEvent(string Gate, MigrationPhase Phase, string Group, bool Passed, string Detail) : RunnerEvent;

/// <summary>A deployment flag (<c>status</c>).</summary>
/// <param name="Name">The flag, for example <c>AddEmail.backfilled</c>.</param>
/// <param name="Enabled">Whether it is on.</param>
/// <param name="SetBy">Who set it last.</param>
/// <param name="UpdatedAt">When.</param>
public sealed record FlagStatusEvent(string Name, bool Enabled, string SetBy, DateTimeOffset UpdatedAt) : RunnerEvent;

/// <summary>An app instance in the registry (<c>status</c>).</summary>
/// <param name="Id">The instance's id.</param>
/// <param name="Host">Where it runs.</param>
/// <param name="ProcessId">Its process id.</param>
/// <param name="App">The app.</param>
/// <param name="NewestMigration">The newest migration compiled into it.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="SecondsSinceHeartbeat">How long ago it last reported.</param>
/// <param name="Live">Whether its heartbeat is fresh.</param>
/// <param name="Blocks">The groups whose Contract it blocks (it runs code older than them).</param>
public sealed record InstanceStatusEvent(
    string Id, string Host, int ProcessId, string App, string? NewestMigration, DateTimeOffset StartedAt, double SecondsSinceHeartbeat, bool Live, IReadOnlyList<string> Blocks) : RunnerEvent;
