using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Package;

/// <summary>
/// The READMEs' library quick start is the consumer's compiled code: the block after the snippet
/// marker must equal the <c>readme-quickstart</c> region of samples/Consumer/Program.cs byte for byte.
/// </summary>
public sealed class ReadmeSnippetTests
{
    private const string Marker = "<!-- snippet: samples/Consumer/Program.cs#readme-quickstart -->";

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/Spreidingswet.Placement/README.md")]
    public void QuickStart_EqualsTheConsumerRegion(string readme)
    {
        var region = Region(File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "Consumer", "Program.cs")), "readme-quickstart");
        var block = Snippet(File.ReadAllText(Path.Combine(TestData.RepositoryRoot, readme)));
        Assert.Equal(region, block);
    }

    [Fact]
    public void Snippet_ChangedBlock_Differs()
    {
        // The comparison sees a one-character change (it cannot pass by comparing nothing).
        var program = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "samples", "Consumer", "Program.cs"));
        var region = Region(program, "readme-quickstart");
        Assert.Contains("engine.Propose(", region, StringComparison.Ordinal);
        var readme = $"text\n{Marker}\n```csharp\n{region.Replace("Propose(", "Propose (", StringComparison.Ordinal)}\n```\n";
        Assert.NotEqual(region, Snippet(readme));
    }

    /// <summary>The lines between <c>#region NAME</c> and the next <c>#endregion</c>.</summary>
    internal static string Region(string source, string name)
    {
        var lines = source.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "#region " + name);
        Assert.True(start >= 0, $"#region {name} not found");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "#endregion");
        Assert.True(end > start, $"#endregion of {name} not found");
        return string.Join('\n', lines[(start + 1)..end]);
    }

    /// <summary>The fenced C# block right after the snippet marker.</summary>
    internal static string Snippet(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var marker = Array.FindIndex(lines, l => l.Trim() == Marker);
        Assert.True(marker >= 0, $"the marker {Marker} is missing");
        Assert.Equal("```csharp", lines[marker + 1]);
        var end = Array.FindIndex(lines, marker + 2, l => l == "```");
        Assert.True(end > marker, "the C# block after the marker is not closed");
        return string.Join('\n', lines[(marker + 2)..end]);
    }
}
