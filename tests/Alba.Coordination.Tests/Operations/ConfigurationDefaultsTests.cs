using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Alba.Coordination.Infrastructure;
using Alba.Coordination.Infrastructure.Auth;
using Alba.Coordination.Infrastructure.GroupCommit;
using Alba.Coordination.Live;
using Alba.Coordination.Partners;
using Alba.Coordination.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Alba.Coordination.Tests.Operations;

/// <summary>
/// docs/operations.md's configuration table states each setting's default; this test reads the defaults from the code and
/// the figures from the table, so neither can change without the other.
/// </summary>
public class the_configuration_tables_defaults
{
    [Fact]
    public void are_the_codes()
    {
        var defaults = CodeDefaults();
        var rows = TableRows();
        var documented = rows.SelectMany(row => row.Keys).ToHashSet();
        Assert.All(defaults.Keys, key => Assert.Contains(key, documented));

        var checkedRows = 0;
        foreach (var (keys, description) in rows)
        {
            var numeric = keys.Where(key => defaults.TryGetValue(key, out var value) && value is double).Select(key => (double)defaults[key]).ToList();
            if (numeric.Count > 0)
            {
                Assert.True(numeric.SequenceEqual(Figures(description, keys.Count)),
                    $"{string.Join(", ", keys)}: the code's defaults are {string.Join(", ", numeric)}, the table says \"{description}\"");
                checkedRows++;
            }
            foreach (var named in keys.Where(key => defaults.GetValueOrDefault(key) is Enum).Select(key => defaults[key].ToString()))
                Assert.Matches($"`{named}`[^`]{{0,30}}default", description);
        }
        Assert.True(checkedRows >= 15, $"only {checkedRows} rows with figures were found: the table's shape changed");
    }

    /// <summary>The figures a row states, in order: "1,000" is 1000; "(40 each)" is 40 for every setting of the row.</summary>
    private static List<double> Figures(string description, int settings)
    {
        // 503 is the answer a bound leads to, not a setting's value.
        var text = Regex.Replace(description, @"\b503\b|\[[^\]]*\]\([^)]*\)", "");
        var each = Regex.Match(text, @"\((\d[\d,]*) each\)");
        if (each.Success) return Enumerable.Repeat(Number(each.Groups[1].Value), settings).ToList();
        return Regex.Matches(text, @"\d[\d,]*(\.\d+)?").Select(m => Number(m.Value.TrimEnd(','))).ToList();
    }

    private static double Number(string text) => double.Parse(text.Replace(",", ""), CultureInfo.InvariantCulture);

    /// <summary>The rows of the table under "## Configuration": the settings of the first column (a bare name takes the
    /// section of the setting before it) and the description.</summary>
    private static List<(List<string> Keys, string Description)> TableRows()
    {
        var text = File.ReadAllText(Path.Combine(AppProcess.RepositoryRoot(), "docs", "operations.md"));
        var section = text[text.IndexOf("## Configuration", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        var rows = new List<(List<string>, string)>();
        foreach (var line in section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split(" | ");
            var keys = new List<string>();
            var prefix = "";
            foreach (var name in Regex.Matches(cells[0], "`([^`]+)`").Select(m => m.Groups[1].Value).Where(n => !n.Contains("__")))
            {
                var key = name.Contains(':') ? name : prefix + name;
                prefix = key[..(key.LastIndexOf(':') + 1)];
                keys.Add(key);
            }
            rows.Add((keys, string.Join(" | ", cells.Skip(1)).TrimEnd('|', ' ')));
        }
        return rows;
    }

    /// <summary>
    /// Each setting's default as the code has it: the settings objects as made without configuration, the settings read from
    /// an empty configuration, and the literal defaults of the <c>GetValue("Alba:…", default)</c> calls in the source.
    /// Numbers as doubles (a TimeSpan in seconds), modes as their enum values.
    /// </summary>
    private static Dictionary<string, object> CodeDefaults()
    {
        var defaults = new Dictionary<string, object>();
        foreach (var (section, settings) in new (string, object)[]
                 {
                     ("Alba:Database", new RequestDatabaseLimits()), ("Alba:GroupCommit", new GroupCommitLimits()), ("Alba:Partners", new PartnerDeliveryOptions()),
                 })
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            if (property.GetValue(settings) is { } value and (int or TimeSpan))
                defaults[$"{section}:{property.Name}"] = value is TimeSpan span ? span.TotalSeconds : Convert.ToDouble(value, CultureInfo.InvariantCulture);

        var empty = new ConfigurationBuilder().Build();
        defaults["Alba:Jwt:LifetimeMinutes"] = (double)JwtSettings.From(empty).LifetimeMinutes;
        var node = NodeSettings.From(empty);
        defaults["Alba:Wolverine:Mode"] = node.WolverineMode;
        defaults["Alba:Daemon:Mode"] = node.DaemonMode;
        defaults["Alba:Wolverine:NodeTimeoutSeconds"] = node.NodeTimeout.TotalSeconds;
        defaults[LiveGroupAccess.ConnectionsPerMinuteSetting] = (double)LiveGroupAccess.DefaultConnectionsPerMinute;

        var source = Path.Combine(AppProcess.RepositoryRoot(), "src", "Alba.Coordination");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("Generated")))
        foreach (Match call in Regex.Matches(File.ReadAllText(file), @"GetValue\(""(Alba:[^""]+)"",\s*([\d.]+)\)"))
        {
            var value = Number(call.Groups[2].Value);
            Assert.True(!defaults.TryGetValue(call.Groups[1].Value, out var known) || known.Equals(value), $"{call.Groups[1].Value} has two defaults in the code");
            defaults[call.Groups[1].Value] = value;
        }
        return defaults;
    }
}
