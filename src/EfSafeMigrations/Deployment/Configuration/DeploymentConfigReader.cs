using System.Text.Json;
using System.Text.RegularExpressions;
using EfSafeMigrations.Running;
using EfSafeMigrations.Running.Protocol;

namespace EfSafeMigrations.Deployment.Configuration;

/// <summary>
/// Reads <c>safe-migrate.json</c> (its JSON schema is <c>safe-migrate.schema.json</c> in the tool's
/// package). Every mistake is reported with its place in the file and what to write instead;
/// <c>${VARIABLE}</c> in a string is replaced by that environment variable.
/// </summary>
public static partial class DeploymentConfigReader
{
    /// <summary>The file the tool looks for when no <c>--config</c> is given.</summary>
    public const string DefaultFileName = "safe-migrate.json";

    private static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultHttpTimeout = TimeSpan.FromSeconds(10);
    private const int DefaultRetries = 3;

    /// <summary>Reads a file; a missing or malformed file is refused (exit code 2) with what to fix.</summary>
    public static DeploymentConfig Read(string path, Func<string, string?>? environment = null)
    {
        if (!File.Exists(path))
        {
            throw new RunnerRefusal(ExitCodes.Usage, $"The hooks and gates file '{path}' does not exist; nothing was changed. Check --config.");
        }

        return Parse(File.ReadAllText(path), Path.GetFullPath(path), environment ?? System.Environment.GetEnvironmentVariable);
    }

    /// <summary>Reads the JSON text of a file at <paramref name="source"/> (whose folder relative paths resolve against).</summary>
    public static DeploymentConfig Parse(string json, string source, Func<string, string?> environment)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException error)
        {
            // The parser's own text ("Expected depth to be zero...") tells a user nothing; the line does.
            throw Error(source, $"is not valid JSON at line {(error.LineNumber ?? 0) + 1}{(json.Trim().Length == 0 ? " (the file is empty; write {} for no hooks and gates)" : string.Empty)}");
        }

        using (document)
        {
            var reader = new Reader(source, Path.GetDirectoryName(source) ?? ".", environment);
            return reader.Config(document.RootElement);
        }
    }

    private static RunnerRefusal Error(string source, string problem)
        => new(ExitCodes.Usage, $"{Path.GetFileName(source)}: {problem}; nothing was changed.");

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Variable();

    private sealed class Reader(string source, string folder, Func<string, string?> environment)
    {
        private readonly Dictionary<string, IReadOnlyList<string>> _missing = [];
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
        private List<string> _missingHere = [];

        public DeploymentConfig Config(JsonElement root)
        {
            Expect(root, JsonValueKind.Object, "the file");
            Known(root, "the file", "$schema", "hooks", "gates", "instances");
            var hooks = Array(root, "hooks").Select((e, i) => Hook(e, $"hooks[{i}]")).ToList();
            var gates = Array(root, "gates").Select((e, i) => Gate(e, $"gates[{i}]")).ToList();
            var instances = root.TryGetProperty("instances", out var i) ? Instances(i) : InstanceGateSettings.Default;
            return new DeploymentConfig(source, hooks, gates, instances, _missing) { Secrets = [.. _secrets] };
        }

        private HookDefinition Hook(JsonElement hook, string at)
        {
            Expect(hook, JsonValueKind.Object, at);
            Known(hook, at, "name", "on", "group", "command", "webhook", "flag");
            var name = Name(hook, at);
            var on = RequiredString(hook, "on", at);
            var (timing, phase) = ParseEvent(on, $"{at}.on");
            _missingHere = [];
            var kinds = Kinds(hook, at, "command", "webhook", "flag");
            var result = new HookDefinition(
                name, timing, phase, OptionalString(hook, "group", at),
                kinds == "command" ? Command(hook.GetProperty("command"), $"{at}.command") : null,
                kinds == "webhook" ? Webhook(hook.GetProperty("webhook"), $"{at}.webhook") : null,
                kinds == "flag" ? Flag(hook.GetProperty("flag"), $"{at}.flag") : null);
            Remember(name);
            return result;
        }

        private GateDefinition Gate(JsonElement gate, string at)
        {
            Expect(gate, JsonValueKind.Object, at);
            Known(gate, at, "name", "before", "group", "flag", "command", "http");
            var name = Name(gate, at);
            var before = RequiredString(gate, "before", at);
            var phase = ParsePhase(before, $"{at}.before");
            _missingHere = [];
            var kind = Kinds(gate, at, "flag", "command", "http");
            var result = new GateDefinition(
                name, phase, OptionalString(gate, "group", at),
                kind == "flag" ? Text(gate.GetProperty("flag"), $"{at}.flag") : null,
                kind == "command" ? Command(gate.GetProperty("command"), $"{at}.command") : null,
                kind == "http" ? Http(gate.GetProperty("http"), $"{at}.http") : null);
            Remember(name);
            return result;
        }

        private InstanceGateSettings Instances(JsonElement instances)
        {
            Expect(instances, JsonValueKind.Object, "instances");
            Known(instances, "instances", "gateContract", "heartbeatTimeout");
            var gate = !instances.TryGetProperty("gateContract", out var g) || Bool(g, "instances.gateContract");
            var timeout = Duration(instances, "heartbeatTimeout", "instances", InstanceGateSettings.Default.HeartbeatTimeout);
            return new InstanceGateSettings(gate, timeout);
        }

        private CommandSpec Command(JsonElement command, string at)
        {
            Expect(command, JsonValueKind.Object, at);
            Known(command, at, "run", "args", "env", "workingDirectory", "timeout");
            var run = Text(Required(command, "run", at), $"{at}.run");
            var args = Array(command, "args").Select((a, i) => Text(a, $"{at}.args[{i}]")).ToList();
            var env = Map(command, "env", at, SecretVariables.IsSecretName);
            var workingDirectory = OptionalString(command, "workingDirectory", at) is { } dir ? Path.GetFullPath(Path.Combine(folder, dir)) : folder;
            var file = run.Contains('/', StringComparison.Ordinal) || run.Contains('\\', StringComparison.Ordinal) ? Path.GetFullPath(Path.Combine(folder, run)) : run;
            return new CommandSpec(file, args, env, workingDirectory, Duration(command, "timeout", at, DefaultCommandTimeout));
        }

        private WebhookSpec Webhook(JsonElement webhook, string at)
        {
            Expect(webhook, JsonValueKind.Object, at);
            Known(webhook, at, "url", "secret", "headers", "timeout", "retries");
            var retries = DefaultRetries;
            if (webhook.TryGetProperty("retries", out var r) && (r.ValueKind != JsonValueKind.Number || !r.TryGetInt32(out retries) || retries is < 0 or > 20))
            {
                throw Error(source, $"{at}.retries must be a whole number from 0 to 20");
            }

            return new WebhookSpec(
                Url(webhook, at),
                webhook.TryGetProperty("secret", out var secret) ? Text(secret, $"{at}.secret", secret: true) : null,
                Map(webhook, "headers", at, _ => true),
                Duration(webhook, "timeout", at, DefaultHttpTimeout),
                retries);
        }

        private HttpCheckSpec Http(JsonElement http, string at)
        {
            Expect(http, JsonValueKind.Object, at);
            Known(http, at, "url", "headers", "timeout");
            return new HttpCheckSpec(Url(http, at), Map(http, "headers", at, _ => true), Duration(http, "timeout", at, DefaultHttpTimeout));
        }

        private FlagSpec Flag(JsonElement flag, string at)
        {
            if (flag.ValueKind == JsonValueKind.String)
            {
                return new FlagSpec(Text(flag, at), true);
            }

            Expect(flag, JsonValueKind.Object, at);
            Known(flag, at, "name", "enabled");
            return new FlagSpec(Text(Required(flag, "name", at), $"{at}.name"), !flag.TryGetProperty("enabled", out var e) || Bool(e, $"{at}.enabled"));
        }

        private Uri Url(JsonElement parent, string at)
        {
            var missingBefore = _missingHere.Count;
            var text = Text(Required(parent, "url", at), $"{at}.url", secret: true);
            if (_missingHere.Count > missingBefore)
            {
                // Refused with the missing variable's name when the hook or gate is about to be used.
                return new Uri("http://unset.invalid/");
            }

            return Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
                ? url
                : throw Error(source, $"{at}.url must be an absolute http or https URL");
        }

        private string Name(JsonElement element, string at)
        {
            var name = RequiredString(element, "name", at);
            if (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || c == ':'))
            {
                throw Error(source, $"{at}.name '{name}' must be a word without spaces or ':' (for example notify-chat)");
            }

            return _names.Add(name) ? name : throw Error(source, $"{at}.name '{name}' is used twice; give every hook and gate its own name");
        }

        private void Remember(string name)
        {
            if (_missingHere.Count > 0)
            {
                _missing[name] = _missingHere.Distinct().ToList();
            }
        }

        private string Kinds(JsonElement element, string at, params string[] kinds)
        {
            var present = kinds.Where(k => element.TryGetProperty(k, out _)).ToList();
            return present.Count == 1
                ? present[0]
                : throw Error(source, $"{at} must have exactly one of {string.Join(", ", kinds)}{(present.Count > 1 ? $" (it has {string.Join(" and ", present)})" : string.Empty)}");
        }

        private (HookTiming, MigrationPhase) ParseEvent(string on, string at)
        {
            var dash = on.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && Enum.TryParse<HookTiming>(on[..dash], ignoreCase: true, out var timing) && on[..dash].All(char.IsLower)
                && TryPhase(on[(dash + 1)..], out var phase))
            {
                return (timing, phase);
            }

            throw Error(source, $"{at} is '{on}'; use one of {string.Join(", ", Events())}");
        }

        private MigrationPhase ParsePhase(string text, string at)
            => TryPhase(text, out var phase) ? phase : throw Error(source, $"{at} is '{text}'; use expand, backfill or contract");

        private static bool TryPhase(string text, out MigrationPhase phase)
            => Enum.TryParse(text, ignoreCase: true, out phase) && text.All(char.IsLower) && PhaseNaming.All.Contains(phase);

        private static IEnumerable<string> Events()
            => from timing in new[] { HookTiming.Before, HookTiming.After } from phase in PhaseNaming.All select PhaseEvent.NameOf(timing, phase);

        /// <summary>A map of strings; <paramref name="secretKey"/> says under which keys a variable's value is a secret whatever the variable's name.</summary>
        private IReadOnlyDictionary<string, string> Map(JsonElement parent, string property, string at, Func<string, bool> secretKey)
        {
            if (!parent.TryGetProperty(property, out var map))
            {
                return new Dictionary<string, string>();
            }

            Expect(map, JsonValueKind.Object, $"{at}.{property}");
            return map.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value, $"{at}.{property}.{p.Name}", secretKey(p.Name)), StringComparer.Ordinal);
        }

        private TimeSpan Duration(JsonElement parent, string property, string at, TimeSpan fallback)
        {
            if (!parent.TryGetProperty(property, out var value))
            {
                return fallback;
            }

            return value.ValueKind == JsonValueKind.String && Durations.TryParse(value.GetString(), out var duration) && duration > TimeSpan.Zero
                ? duration
                : throw Error(source, $"{at}.{property} must be a duration: {Durations.AcceptedForms}");
        }

        /// <summary>
        /// A string value with <c>${VARIABLE}</c> replaced; a missing variable is remembered and left empty. A
        /// variable's value is remembered as a secret when the place holds one (<paramref name="secret"/>) or the
        /// variable's name says it is one; a password inside any value is a secret.
        /// </summary>
        private string Text(JsonElement value, string at, bool secret = false)
        {
            Expect(value, JsonValueKind.String, at);
            return Variable().Replace(value.GetString()!, match =>
            {
                var name = match.Groups["name"].Value;
                if (environment(name) is { } set)
                {
                    if (secret || SecretVariables.IsSecretName(name))
                    {
                        _secrets.Add(set);
                    }
                    else if (SecretVariables.EmbeddedPassword(set) is { } password)
                    {
                        _secrets.Add(password);
                    }

                    return set;
                }

                _missingHere.Add(name);
                return string.Empty;
            });
        }

        private string RequiredString(JsonElement parent, string property, string at)
        {
            var value = Required(parent, property, at);
            Expect(value, JsonValueKind.String, $"{at}.{property}");
            return value.GetString()!;
        }

        private string? OptionalString(JsonElement parent, string property, string at)
        {
            if (!parent.TryGetProperty(property, out var value))
            {
                return null;
            }

            Expect(value, JsonValueKind.String, $"{at}.{property}");
            return value.GetString();
        }

        private JsonElement Required(JsonElement parent, string property, string at)
            => parent.TryGetProperty(property, out var value) ? value : throw Error(source, $"{at} needs \"{property}\"");

        private IEnumerable<JsonElement> Array(JsonElement parent, string property)
        {
            if (!parent.TryGetProperty(property, out var array))
            {
                return [];
            }

            Expect(array, JsonValueKind.Array, property);
            return array.EnumerateArray().ToList();
        }

        private bool Bool(JsonElement value, string at)
            => value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Error(source, $"{at} must be true or false"),
            };

        private void Expect(JsonElement value, JsonValueKind kind, string at)
        {
            if (value.ValueKind != kind)
            {
                throw Error(source, $"{at} must be {kind switch { JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", _ => "a string" }}");
            }
        }

        private void Known(JsonElement element, string at, params string[] names)
        {
            foreach (var property in element.EnumerateObject().Where(p => !names.Contains(p.Name, StringComparer.Ordinal)))
            {
                throw Error(source, $"{at} has an unknown property \"{property.Name}\"; known: {string.Join(", ", names.Where(n => n != "$schema"))}");
            }
        }
    }
}
