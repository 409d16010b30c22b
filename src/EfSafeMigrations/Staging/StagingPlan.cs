using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EfSafeMigrations.Staging;

/// <summary>The result of staging one model change: its steps, in the order they were staged.</summary>
public sealed class StagingPlan
{
    private readonly List<StagedStep> _steps = [];

    /// <summary>Every step, in staging order.</summary>
    public IReadOnlyList<StagedStep> Steps => _steps;

    /// <summary>Adds a step.</summary>
    public void Add(MigrationPhase phase, IReadOnlyList<MigrationOperation> up, IReadOnlyList<MigrationOperation> down, string reason)
        => _steps.Add(new StagedStep(phase, up, down, reason));

    /// <summary>The operations of one phase's Up.</summary>
    public IReadOnlyList<MigrationOperation> Up(MigrationPhase phase)
        => _steps.Where(s => s.Phase == phase).SelectMany(s => s.Up).ToList();

    /// <summary>The operations of one phase's Down: each step's undo, last step first.</summary>
    public IReadOnlyList<MigrationOperation> Down(MigrationPhase phase)
        => _steps.Where(s => s.Phase == phase).Reverse().SelectMany(s => s.Down).ToList();

    /// <summary>Whether the phase has any operation.</summary>
    public bool HasWork(MigrationPhase phase) => _steps.Any(s => s.Phase == phase && s.Up.Count > 0);
}
