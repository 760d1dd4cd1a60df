using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>docs/cli.md's <c>placement simulate</c> section names every option of the command and of <c>simulate merge</c>.</summary>
public sealed class SimulateDocsTests
{
    [Fact]
    public void CliMd_SimulateSection_NamesEveryOption()
    {
        var text = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "docs", "cli.md"));
        var start = text.IndexOf("## `placement simulate`", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/cli.md has no simulate section");
        var end = text.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        var section = text[start..end];
        var simulate = Placement.Cli.Cli.Root(TextWriter.Null, TextWriter.Null).Subcommands.Single(c => c.Name == "simulate");
        var layerOptions = new[] { "--municipalities", "--provinces", "--education-regions" };
        var options = simulate.Options.Concat(simulate.Subcommands.Single(c => c.Name == "merge").Options)
            .Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal) && n != "--help" && !layerOptions.Any(n.StartsWith)).Distinct().ToList();
        Assert.True(options.Count >= 19, string.Join(' ', options));
        Assert.All(options, name => Assert.Contains($"`{name}", section, StringComparison.Ordinal));
        Assert.Contains("region layer options", section, StringComparison.Ordinal);
        Assert.Contains("placement simulate merge", section, StringComparison.Ordinal);
    }
}
