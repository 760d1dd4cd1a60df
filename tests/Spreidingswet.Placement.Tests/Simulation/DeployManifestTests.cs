using System.Text.RegularExpressions;
using System.Xml.Linq;
using Spreidingswet.Placement.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Spreidingswet.Placement.Tests.Simulation;

/// <summary>
/// deploy/ is coherent with the CLI (the image cannot be built here: no registry): the Indexed Job
/// runs one shard per index with the real parser accepting its command, the shard count equal to
/// completions and the index from JOB_COMPLETION_INDEX; the merge Job reads exactly the shards' folders
/// on the same volume; the Dockerfile publishes the CLI project and its entry point is what it built.
/// </summary>
public sealed partial class DeployManifestTests
{
    private static readonly string Deploy = Path.Combine(TestData.RepositoryRoot, "deploy");

    [Fact]
    public void SimulateJob_IsAnIndexedJob_EachIndexRunsItsShard_AndTheRealParserAcceptsIt()
    {
        var job = Yaml("simulate-job.yaml");
        Assert.Equal("batch/v1", Scalar(job, "apiVersion"));
        Assert.Equal("Job", Scalar(job, "kind"));
        var spec = Map(job, "spec");
        Assert.Equal("Indexed", Scalar(spec, "completionMode"));
        var completions = int.Parse(Scalar(spec, "completions"), System.Globalization.CultureInfo.InvariantCulture);
        var parallelism = int.Parse(Scalar(spec, "parallelism"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(parallelism, 1, completions);
        var pod = Map(Map(spec, "template"), "spec");
        Assert.Equal("Never", Scalar(pod, "restartPolicy"));
        var container = Assert.Single(Seq(pod, "containers").Cast<YamlMappingNode>());
        Assert.Equal(["/bin/sh", "-c"], Seq(container, "command").Select(n => ((YamlScalarNode)n).Value!));
        var script = ((YamlScalarNode)Assert.Single(Seq(container, "args"))).Value!;
        Assert.DoesNotContain('\n', script);
        Assert.DoesNotContain('"', script);
        Assert.DoesNotContain('\'', script);

        var entry = EntryPoint();
        Assert.StartsWith("exec " + string.Join(' ', entry) + " ", script, StringComparison.Ordinal);
        const string Index = "$((JOB_COMPLETION_INDEX+1))";
        Assert.Contains("--shard " + Index + "/" + completions, script, StringComparison.Ordinal);
        Assert.DoesNotContain("$(", script.Replace(Index, "", StringComparison.Ordinal), StringComparison.Ordinal);
        var mount = MountPath(container);

        for (var i = 0; i < completions; i++)
        {
            // What /bin/sh makes of the script in pod i, without the exec and the entry point.
            var words = script.Replace(Index, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1 + entry.Length).ToArray();
            var parse = Placement.Cli.Cli.Root(TextWriter.Null, TextWriter.Null).Parse(words);
            Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
            Assert.Equal("simulate", parse.CommandResult.Command.Name);
            Assert.Equal($"{i + 1}/{completions}", parse.GetValue<string>("--shard"));
            var output = parse.GetValue<DirectoryInfo>("--out")!.ToString();
            Assert.Equal($"{mount}/shard-{i + 1}", output);
            Assert.True(parse.GetValue<int>("--runs") >= completions, "fewer runs than shards leaves shards empty");
        }
    }

    [Fact]
    public void MergeJob_MergesExactlyTheShardsOfTheSimulateJob_OnTheSameVolume()
    {
        var simulate = Yaml("simulate-job.yaml");
        var merge = Yaml("merge-job.yaml");
        var completions = int.Parse(Scalar(Map(simulate, "spec"), "completions"), System.Globalization.CultureInfo.InvariantCulture);
        var shardPod = Map(Map(Map(simulate, "spec"), "template"), "spec");
        var mergePod = Map(Map(Map(merge, "spec"), "template"), "spec");
        Assert.Equal(Claim(shardPod), Claim(mergePod));
        var container = Assert.Single(Seq(mergePod, "containers").Cast<YamlMappingNode>());
        Assert.Equal(Scalar((YamlMappingNode)Assert.Single(Seq(shardPod, "containers")), "image"), Scalar(container, "image"));
        Assert.False(container.Children.ContainsKey("command"), "the merge runs the image's entry point");
        var args = Seq(container, "args").Select(n => ((YamlScalarNode)n).Value!).ToArray();
        var parse = Placement.Cli.Cli.Root(TextWriter.Null, TextWriter.Null).Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        Assert.Equal("merge", parse.CommandResult.Command.Name);
        var mount = MountPath(container);
        Assert.Equal(Enumerable.Range(1, completions).Select(i => $"{mount}/shard-{i}"), parse.GetValue<FileInfo[]>("SHARD")!.Select(f => f.ToString()));
        Assert.StartsWith(mount + "/", parse.GetValue<DirectoryInfo>("--out")!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_PublishesTheCliProject_ForItsRuntimeIdentifier_AndRunsWhatItBuilt()
    {
        var lines = File.ReadAllLines(Path.Combine(Deploy, "Dockerfile")).Where(l => !l.TrimStart().StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build$", froms[0]);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/runtime:10\.0$", froms[1]);
        var publish = PublishLine().Match(Assert.Single(lines, l => l.Contains("dotnet publish", StringComparison.Ordinal)));
        Assert.True(publish.Success);
        var csproj = Path.Combine(TestData.RepositoryRoot, publish.Groups["project"].Value);
        Assert.True(File.Exists(csproj), csproj);
        var project = XDocument.Load(csproj);
        string Property(string name) => project.Descendants(name).Single().Value;
        Assert.Equal("Exe", Property("OutputType"));
        Assert.Equal(Property("RuntimeIdentifier"), publish.Groups["rid"].Value);
        Assert.Equal(["dotnet", $"{publish.Groups["out"].Value}/{Property("AssemblyName")}.dll"], EntryPoint());
        Assert.Contains(lines, l => l == $"COPY --from=build {publish.Groups["out"].Value} ./");

        // Everything the publish needs is copied into the build stage: the project, its references and what they embed.
        var copied = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ')[1..^1]).Select(p => p.TrimEnd('/')).ToList();
        foreach (var needed in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props", "geodata", "src/Spreidingswet.Placement", "src/Spreidingswet.Placement.Cli" })
        {
            Assert.Contains(needed, copied);
            Assert.True(File.Exists(Path.Combine(TestData.RepositoryRoot, needed)) || Directory.Exists(Path.Combine(TestData.RepositoryRoot, needed)), needed);
        }

        Assert.All(project.Descendants("ProjectReference").Select(r => r.Attribute("Include")!.Value),
            r => Assert.Contains(Path.GetDirectoryName(Path.GetRelativePath(TestData.RepositoryRoot, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, r))))!.Replace('\\', '/'), copied));
    }

    /// <summary>The Dockerfile's ENTRYPOINT (exec form) as words.</summary>
    private static string[] EntryPoint()
    {
        var line = Assert.Single(File.ReadAllLines(Path.Combine(Deploy, "Dockerfile")), l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        return System.Text.Json.JsonSerializer.Deserialize<string[]>(line["ENTRYPOINT ".Length..])!;
    }

    private static string MountPath(YamlMappingNode container)
    {
        var mount = (YamlMappingNode)Assert.Single(Seq(container, "volumeMounts"));
        Assert.Equal("results", Scalar(mount, "name"));
        return Scalar(mount, "mountPath");
    }

    private static string Claim(YamlMappingNode pod)
    {
        var volume = (YamlMappingNode)Assert.Single(Seq(pod, "volumes"));
        Assert.Equal("results", Scalar(volume, "name"));
        return Scalar(Map(volume, "persistentVolumeClaim"), "claimName");
    }

    private static YamlMappingNode Yaml(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Deploy, file));
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static IEnumerable<YamlNode> Seq(YamlMappingNode node, string key) => ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children;

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    [GeneratedRegex(@"^RUN dotnet publish (?<project>\S+\.csproj) -c Release -r (?<rid>\S+) --self-contained false -o (?<out>\S+)$")]
    private static partial Regex PublishLine();
}
