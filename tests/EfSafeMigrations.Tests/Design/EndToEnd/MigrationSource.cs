using System.Text.RegularExpressions;

namespace EfSafeMigrations.Tests.Design.EndToEnd;

/// <summary>A scaffolded migration's main C# file, split into the <c>migrationBuilder</c> calls of its Up and Down.</summary>
internal sealed partial class MigrationSource
{
    private MigrationSource(string path, string text)
    {
        Path = path;
        Text = text;
        var attribute = PhaseAttribute().Match(text);
        Phase = attribute.Success ? Enum.Parse<MigrationPhase>(attribute.Groups[1].Value) : null;
        PhaseClassName = attribute.Success ? attribute.Groups[2].Value : null;
        var up = text.IndexOf("void Up(MigrationBuilder migrationBuilder)", StringComparison.Ordinal);
        var down = text.IndexOf("void Down(MigrationBuilder migrationBuilder)", StringComparison.Ordinal);
        if (up < 0 || down < up)
        {
            throw new InvalidOperationException($"{path} has no Up and Down methods:{Environment.NewLine}{text}");
        }

        UpCalls = Calls(text[up..down]);
        DownCalls = Calls(text[down..]);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The file's text.</summary>
    public string Text { get; }

    /// <summary>The phase of the <c>[MigrationPhase(...)]</c> attribute on the migration class, or null when it has none.</summary>
    public MigrationPhase? Phase { get; }

    /// <summary>The name of the class the <c>[MigrationPhase(...)]</c> attribute is on.</summary>
    public string? PhaseClassName { get; }

    /// <summary>Up's calls, each from the method name after <c>migrationBuilder.</c> to the end of its statement.</summary>
    public IReadOnlyList<string> UpCalls { get; }

    /// <summary>Down's calls, as <see cref="UpCalls"/>.</summary>
    public IReadOnlyList<string> DownCalls { get; }

    /// <summary>Reads and splits a migration file.</summary>
    public static MigrationSource Read(string path) => new(path, File.ReadAllText(path));

    /// <summary>Up's calls of <paramref name="method"/> whose text holds every one of <paramref name="fragments"/>.</summary>
    public IReadOnlyList<string> UpCallsOf(string method, params string[] fragments)
        => UpCalls.Where(c => c.StartsWith(method + "(", StringComparison.Ordinal) || c.StartsWith(method + "<", StringComparison.Ordinal))
            .Where(c => fragments.All(f => c.Contains(f, StringComparison.Ordinal)))
            .ToList();

    /// <summary>The names of the methods Up calls, in order.</summary>
    public IReadOnlyList<string> UpMethods => UpCalls.Select(c => MethodName().Match(c).Value).ToList();

    /// <inheritdoc />
    public override string ToString() => $"{Path}:{Environment.NewLine}{Text}";

    private static List<string> Calls(string body)
        => body.Split("migrationBuilder.", StringSplitOptions.None)
            .Skip(1)
            .Select(c => c.LastIndexOf(';') is var end and >= 0 ? c[..(end + 1)] : c.Trim())
            .ToList();

    [GeneratedRegex(@"\[MigrationPhase\(MigrationPhase\.(\w+)\)\]\s*public partial class (\w+) : Migration\b")]
    private static partial Regex PhaseAttribute();

    [GeneratedRegex(@"^\w+")]
    private static partial Regex MethodName();
}
