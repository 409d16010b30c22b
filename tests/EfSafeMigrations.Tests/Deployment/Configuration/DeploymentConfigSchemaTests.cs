using System.Text.Json;
using System.Text.RegularExpressions;
using EfSafeMigrations.Deployment.Configuration;
using EfSafeMigrations.Running;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Deployment.Configuration;

/// <summary>
/// <c>safe-migrate.schema.json</c> (shipped in the tool's package for editors) and <see cref="DeploymentConfigReader"/>
/// describe the same file: the same properties for every kind of object, the same event and phase names, and every example
/// in the tests and the documentation is read without a mistake.
/// </summary>
public sealed partial class DeploymentConfigSchemaTests
{
    private static readonly string SchemaPath = Path.Combine(RepositoryPaths.Root, "src", "EfSafeMigrations.Tool", "safe-migrate.schema.json");
    private static readonly string Source = Path.Combine(Path.GetTempPath(), DeploymentConfigReader.DefaultFileName);

    /// <summary>
    /// Per kind of object: where the schema describes it, and a file with an unknown property in such an object, so that the
    /// reader's own refusal says which properties it knows there.
    /// </summary>
    public static TheoryData<string, string, string> ObjectKinds => new()
    {
        { "file", "", """{ "zz": 1 }""" },
        { "hook", "$defs/hook", """{ "hooks": [ { "zz": 1 } ] }""" },
        { "gate", "$defs/gate", """{ "gates": [ { "zz": 1 } ] }""" },
        { "instances", "$defs/instances", """{ "instances": { "zz": 1 } }""" },
        { "command", "$defs/command", """{ "hooks": [ { "name": "n", "on": "after-expand", "command": { "zz": 1 } } ] }""" },
        { "webhook", "$defs/webhook", """{ "hooks": [ { "name": "n", "on": "after-expand", "webhook": { "zz": 1 } } ] }""" },
        { "flag", "$defs/flag", """{ "hooks": [ { "name": "n", "on": "after-expand", "flag": { "zz": 1 } } ] }""" },
        { "http", "$defs/http", """{ "gates": [ { "name": "n", "before": "contract", "http": { "zz": 1 } } ] }""" },
    };

    /// <summary>The examples in the tests, then every safe-migrate.json example in the READMEs and docs.</summary>
    public static TheoryData<string, string> Examples
    {
        get
        {
            var examples = new TheoryData<string, string>();
            foreach (var (name, json) in ExampleConfigs.Valid)
            {
                examples.Add(name, json);
            }

            foreach (var (name, json) in DocumentedExamples())
            {
                examples.Add(name, json);
            }

            return examples;
        }
    }

    [Fact]
    public void The_schema_is_a_draft_2020_12_schema_that_allows_no_other_properties_anywhere()
    {
        using var schema = ReadSchema();
        var root = schema.RootElement;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        foreach (var (kind, pointer, _) in ObjectKinds.Select(k => ((string)k[0], (string)k[1], (string)k[2])))
        {
            Assert.True(At(root, pointer).GetProperty("additionalProperties").ValueKind == JsonValueKind.False, $"{kind} allows other properties.");
        }
    }

    [Theory]
    [MemberData(nameof(ObjectKinds))]
    public void The_schema_lists_the_properties_the_reader_accepts(string kind, string pointer, string withUnknownProperty)
    {
        using var schema = ReadSchema();

        var known = KnownToReader(withUnknownProperty);
        var described = At(schema.RootElement, pointer).GetProperty("properties").EnumerateObject().Select(p => p.Name).Where(n => n != "$schema").Order().ToList();

        Assert.True(known.SequenceEqual(described), $"{kind}: the reader knows {string.Join(", ", known)}; the schema describes {string.Join(", ", described)}.");
    }

    [Fact]
    public void The_schema_lists_the_events_and_phases_the_reader_accepts()
    {
        using var schema = ReadSchema();
        var hookEvents = Enum(At(schema.RootElement, "$defs/hook/properties/on"));
        var gatePhases = Enum(At(schema.RootElement, "$defs/gate/properties/before"));

        var readerEvents = Refusal("""{ "hooks": [ { "name": "n", "on": "never", "flag": "f" } ] }""");
        var readerPhases = Refusal("""{ "gates": [ { "name": "n", "before": "never", "flag": "f" } ] }""");

        Assert.Equal(hookEvents.Order(), ListAfter(readerEvents, "use one of ").Order());
        Assert.Equal(gatePhases.Order(), ListAfter(readerPhases, "use ").Order());
        foreach (var name in hookEvents)
        {
            DeploymentConfigReader.Parse($$"""{ "hooks": [ { "name": "n", "on": "{{name}}", "flag": "f" } ] }""", Source, _ => null);
        }
    }

    [Fact]
    public void The_schema_and_the_reader_agree_on_durations()
    {
        using var schema = ReadSchema();
        var pattern = new Regex(At(schema.RootElement, "$defs/duration").GetProperty("pattern").GetString()!);

        foreach (var accepted in new[] { "500ms", "2s", "1.5m", "1h", "90S", "250 ms" })
        {
            Assert.Matches(pattern, accepted);
            DeploymentConfigReader.Parse($$"""{ "instances": { "heartbeatTimeout": "{{accepted}}" } }""", Source, _ => null);
        }

        foreach (var refused in new[] { "5", "5 minutes", "1d", "-2s", "2s2", "" })
        {
            Assert.DoesNotMatch(pattern, refused);
            Assert.Throws<RunnerRefusal>(() => DeploymentConfigReader.Parse($$"""{ "instances": { "heartbeatTimeout": "{{refused}}" } }""", Source, _ => null));
        }
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_read_without_a_mistake(string name, string json)
    {
        var config = DeploymentConfigReader.Parse(json, Source, variable => variable.StartsWith("SAFE_MIGRATE_TEST_", StringComparison.Ordinal) ? "https://example.invalid" : null);

        Assert.True(config.Hooks.Count + config.Gates.Count > 0 || json.Contains("\"instances\"", StringComparison.Ordinal), $"{name} is read as empty.");
    }

    [Fact]
    public void The_tool_readme_has_an_example_that_is_checked()
    {
        Assert.Contains(DocumentedExamples(), e => e.Name.StartsWith("src/EfSafeMigrations.Tool/README.md", StringComparison.Ordinal));
    }

    private static JsonDocument ReadSchema() => JsonDocument.Parse(File.ReadAllText(SchemaPath));

    private static JsonElement At(JsonElement root, string pointer)
        => pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(root, (element, part) => element.GetProperty(part));

    private static List<string> Enum(JsonElement element) => element.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToList();

    private static List<string> KnownToReader(string withUnknownProperty)
        => ListAfter(Refusal(withUnknownProperty), "known: ").Order().ToList();

    private static string Refusal(string json)
        => Assert.Throws<RunnerRefusal>(() => DeploymentConfigReader.Parse(json, Source, _ => null)).Message;

    /// <summary>The names listed after <paramref name="marker"/> up to the next ';': "a, b or c".</summary>
    private static List<string> ListAfter(string message, string marker)
    {
        var start = message.LastIndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{marker}' is not in: {message}");
        var list = message[(start + marker.Length)..].Split(';')[0];
        return list.Split([", ", " or "], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>Every ```json block in the READMEs and docs whose object has hooks, gates or instances: a safe-migrate.json example.</summary>
    private static List<(string Name, string Json)> DocumentedExamples()
    {
        var root = RepositoryPaths.Root;
        var files = new[] { "README.md", "src/EfSafeMigrations/README.md", "src/EfSafeMigrations.Tool/README.md", "src/EfSafeMigrations.Build/README.md" }
            .Select(f => Path.Combine(root, f))
            .Concat(Directory.Exists(Path.Combine(root, "docs")) ? Directory.GetFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories) : [])
            .Where(File.Exists);
        var examples = new List<(string, string)>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file).ReplaceLineEndings("\n");
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            foreach (Match block in JsonBlock().Matches(text))
            {
                var json = block.Groups["json"].Value;
                if (IsDeploymentConfig(json))
                {
                    var line = text[..block.Index].Count(c => c == '\n') + 1;
                    examples.Add(($"{relative}:{line}", json));
                }
            }
        }

        return examples;
    }

    /// <summary>A block that names hooks, gates or instances is an example, and must then be read without a mistake.</summary>
    private static bool IsDeploymentConfig(string json)
        => new[] { "\"hooks\"", "\"gates\"", "\"instances\"" }.Any(key => json.Contains(key, StringComparison.Ordinal));

    [GeneratedRegex(@"^```jsonc?[ \t]*\n(?<json>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
