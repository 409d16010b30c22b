using System.Reflection;
using System.Text.RegularExpressions;
using EfSafeMigrations.Tests.TestInfrastructure;

namespace EfSafeMigrations.Tests.Tool;

/// <summary>
/// docs/exit-codes.md lists every exit code with the situations that give it, each pinned by a test: a bad-input case
/// (which <see cref="BadInputTests"/> runs and which must give that code) or another test that must exist.
/// </summary>
public sealed partial class ExitCodeDocTests
{
    [Fact]
    public void Every_situation_in_the_exit_codes_doc_is_pinned_by_a_test_that_gives_its_code()
    {
        var sections = Sections();

        Assert.Equal([0, 1, 2, 3], sections.Keys.Order());
        foreach (var (code, situations) in sections)
        {
            Assert.NotEmpty(situations);
            foreach (var situation in situations)
            {
                var pins = Pin().Matches(situation).ToList();
                Assert.True(pins.Count > 0, $"Exit code {code}: a situation without a (case: ...) or (test: ...): {situation}");
                foreach (Match pin in pins)
                {
                    var name = pin.Groups[2].Value;
                    if (pin.Groups[1].Value == "case")
                    {
                        Assert.True(BadInputCases.ByName.TryGetValue(name, out var badInput), $"Exit code {code}: no bad-input case '{name}'.");
                        Assert.True(badInput.ExitCode == code, $"Exit code {code}: the case '{name}' expects {badInput.ExitCode}.");
                    }
                    else
                    {
                        Assert.True(TestExists(name), $"Exit code {code}: no test {name}.");
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_bad_input_case_is_listed_under_its_exit_code()
    {
        var listed = Sections().SelectMany(s => s.Value.SelectMany(v => Pin().Matches(v)).Where(m => m.Groups[1].Value == "case").Select(m => m.Groups[2].Value)).ToHashSet();

        Assert.DoesNotContain(BadInputCases.ByName.Keys, name => !listed.Contains(name));
    }

    private static Dictionary<int, List<string>> Sections()
    {
        var sections = new Dictionary<int, List<string>>();
        List<string>? current = null;
        foreach (var line in File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "exit-codes.md")))
        {
            if (Heading().Match(line) is { Success: true } heading)
            {
                current = sections[int.Parse(heading.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)] = [];
            }
            else if (current != null && line.StartsWith("- ", StringComparison.Ordinal))
            {
                current.Add(line);
            }
        }

        return sections;
    }

    private static bool TestExists(string name)
    {
        var dot = name.LastIndexOf('.');
        var type = typeof(ExitCodeDocTests).Assembly.GetTypes().SingleOrDefault(t => t.Name == name[..dot]);
        return type?.GetMethod(name[(dot + 1)..])?.GetCustomAttributes<FactAttribute>().Any() == true;
    }

    [GeneratedRegex(@"^## (\d)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"\((case|test): ([^)]+)\)")]
    private static partial Regex Pin();
}
