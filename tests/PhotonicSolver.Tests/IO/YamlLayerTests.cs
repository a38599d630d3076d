using PhotonicSolver.IO;
using PhotonicSolver.Tests.Cli;

namespace PhotonicSolver.Tests.IO;

/// <summary>The shared YAML layer: duplicate keys, depth and alias limits, one number rule; each a located error.</summary>
public class YamlLayerTests
{
    [Fact]
    public void ADuplicateKeyNamesBothLines()
    {
        var e = Assert.Throws<PhotonicException>(() => YamlText.Load("wl: 1.55\nsweep:\n  a.b: 1\nwl: 1.31\n", "s.yaml"));
        Assert.StartsWith("s.yaml:4:1: duplicate key 'wl' (first given at line 1)", e.Message);
    }

    [Fact]
    public void ADuplicateKeyInANestedFlowMappingIsFound()
    {
        var e = Assert.Throws<PhotonicException>(() => YamlText.Load("instances:\n  wg: {component: straight, settings: {length: 1, length: 2}}\n", "n.yaml"));
        Assert.StartsWith("n.yaml:2:51: duplicate key 'length' (first given at line 2)", e.Message);
    }

    [Fact]
    public void TheSameKeyInSiblingMappingsIsNotADuplicate()
    {
        var doc = YamlText.Load("a: {x: 1}\nb: {x: 2}\nc: [{x: 1}, {x: 2}]\n", "ok.yaml");
        Assert.Single(doc.Documents);
    }

    [Fact]
    public void DeepNestingIsALocatedErrorNotAStackOverflow()
    {
        string text = "a: " + new string('[', 100_000) + new string(']', 100_000) + "\n";
        var e = Assert.Throws<PhotonicException>(() => YamlText.Load(text, "deep.yaml"));
        Assert.Contains($"deep.yaml:1:{4 + YamlText.MaxDepth - 1}: nesting deeper than {YamlText.MaxDepth} levels", e.Message);
    }

    [Fact]
    public void AnAliasBombIsRefusedWithTheLimit()
    {
        // Each level doubles the previous: 2^30 nodes once expanded, from a few hundred bytes.
        var sb = new System.Text.StringBuilder("l0: &l0 [1, 1]\n");
        for (int i = 1; i <= 30; i++) sb.Append($"l{i}: &l{i} [*l{i - 1}, *l{i - 1}]\n");
        var e = Assert.Throws<PhotonicException>(() => YamlText.Load(sb.ToString(), "bomb.yaml"));
        Assert.Matches(@"^bomb\.yaml:\d+:\d+: the document expands to more than 5,000,000 nodes once its aliases", e.Message);
    }

    [Fact]
    public void AliasesThatStayWithinTheLimitLoad()
    {
        var doc = YamlText.Load("base: &b {n: 1.45, d: 0.1}\nlayers: [*b, *b, *b]\n", "ok.yaml");
        Assert.Single(doc.Documents);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData(" -2e-3 ", -2e-3)]
    [InlineData("+.5", 0.5)]
    [InlineData("7", 7.0)]
    public void TheNumberRuleAcceptsPlainDecimals(string text, double expected)
    {
        Assert.True(NumberText.TryParse(text, allowNonFinite: false, out double v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("NaN", "'NaN' is not a number")]
    [InlineData("Infinity", "'Infinity' is not a number")]
    [InlineData("-Infinity", "'-Infinity' is not a number")]
    [InlineData("1e400", "'1e400' is too large for a double")]
    [InlineData(".nan", "'.nan' is not allowed here")]
    [InlineData("1,5", "use a decimal point, not a comma")]
    [InlineData("", "'' is not a number")]
    public void TheNumberRuleRefusesWithAReason(string text, string why)
    {
        Assert.False(NumberText.TryParse(text, allowNonFinite: false, out _));
        Assert.Contains(why, NumberText.WhyNot(text));
    }

    [Fact]
    public void NonFiniteValuesOnlyWhereAllowedAndOnlyInYamlSpelling()
    {
        Assert.True(NumberText.TryParse(".inf", allowNonFinite: true, out double inf) && double.IsPositiveInfinity(inf));
        Assert.True(NumberText.TryParse("-.inf", allowNonFinite: true, out double ninf) && double.IsNegativeInfinity(ninf));
        Assert.True(NumberText.TryParse(".nan", allowNonFinite: true, out double nan) && double.IsNaN(nan));
        Assert.False(NumberText.TryParse("NaN", allowNonFinite: true, out _));
    }

    [Fact]
    public void EveryFileKindReadsNumbersByTheSameRule()
    {
        // The same bad value in four kinds of file: each refuses it, located, with the same reason.
        string why = "'1e400' is too large for a double";
        var stack = CliRunner.TempFile("s.yaml", "incidence: {n: 1}\nlayers:\n  - {n: 1e400, d: 1}\nexit: {n: 1.5}\n");
        CliRunner.AssertInputError(CliRunner.Run("tmm", stack, "--wl", "1.55", "--out", "-"), "s.yaml:3:", why);
        var sweep = CliRunner.TempFile("sw.yaml", "wl: [1.55]\nset: {c1.coupling: 1e400}\n");
        CliRunner.AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--sweep-file", sweep, "--out", "-"), "sw.yaml:2:", why);
        var thermal = CliRunner.TempFile("t.yaml", "ambient_C: 1e400\nnodes: {a: {capacitance_J_per_K: 1}}\nlinks: []\n");
        CliRunner.AssertInputError(CliRunner.Run("thermal", thermal, "--steady", "--out", "-"), "t.yaml:1:", why);
        CliRunner.AssertInputError(CliRunner.Run("sweep", CliRunner.Example("ring_add_drop.yaml"), "--set", "c1.coupling=1e400", "--out", "-"), "--set", why);
    }

    [Fact]
    public void ADeeplyNestedNetlistFailsCleanlyThroughTheRealCli()
    {
        // Before the depth limit, YamlDotNet's recursive loader overflowed the stack: exit 134 and a 34,000-line trace.
        string path = CliRunner.TempFile("deep.yaml", "instances: " + new string('[', 200_000) + "\n");
        var r = CliRunner.RunProcess("sweep", path, "--wl", "1.55", "--out", "-");
        CliRunner.AssertInputError(r, "deep.yaml:1:", "nesting deeper than 64 levels");
        Assert.True(r.Err.Length < 2000, r.Err);
    }
}
