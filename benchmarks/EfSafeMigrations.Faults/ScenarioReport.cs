using System.Globalization;

namespace EfSafeMigrations.Faults;

/// <summary>What one fault scenario did, what the tool said each time, and whether its database ended right.</summary>
/// <param name="Title">The scenario.</param>
internal sealed class ScenarioReport(string title)
{
    private readonly List<string> _lines = [];
    private readonly List<(string Check, bool Passed, string Detail)> _checks = [];

    /// <summary>The scenario.</summary>
    public string Title { get; } = title;

    /// <summary>Facts measured on the way (a table row each in the report).</summary>
    public List<(string Name, string Value)> Facts { get; } = [];

    /// <summary>What happened, line by line.</summary>
    public IReadOnlyList<string> Lines => _lines;

    /// <summary>Whether every check passed.</summary>
    public bool Passed => _checks.Count > 0 && _checks.All(c => c.Passed);

    /// <summary>Records (and prints) one line of what happened.</summary>
    public void Log(string line)
    {
        _lines.Add(line);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {Title}: {line}"));
    }

    /// <summary>Records one check.</summary>
    public void Check(string check, bool passed, string detail = "")
    {
        _checks.Add((check, passed, detail));
        Log($"{(passed ? "ok" : "FAILED")}: {check}{(detail.Length > 0 ? " (" + detail + ")" : string.Empty)}");
    }

    /// <summary>The scenario's part of the markdown report.</summary>
    public string Render()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {Title}: {(Passed ? "survived, nothing lost" : "FAILED")}").AppendLine();
        if (Facts.Count > 0)
        {
            text.AppendLine("| measured | value |").AppendLine("| --- | --- |");
            foreach (var (name, value) in Facts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
            }

            text.AppendLine();
        }

        text.AppendLine("| check | result |").AppendLine("| --- | --- |");
        foreach (var (check, passed, detail) in _checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {check} | {(passed ? "yes" : "**no**")}{(detail.Length > 0 ? ": " + detail.Replace("|", "\\|", StringComparison.Ordinal) : string.Empty)} |");
        }

        text.AppendLine().AppendLine("<details><summary>what happened, run by run</summary>").AppendLine().AppendLine("```text");
        foreach (var line in _lines)
        {
            text.AppendLine(line);
        }

        return text.AppendLine("```").AppendLine().AppendLine("</details>").AppendLine().ToString();
    }
}
