using System.Buffers.Binary;
using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Learning;

/// <summary>Issue 16, point 6: a model zip is checked before it is inflated, and its ML.NET schema on load.</summary>
public sealed class ModelLimitsTests
{
    private static readonly Lazy<(byte[] Manifest, byte[] MlNet)> Parts = new(() =>
    {
        using var zip = new ZipArchive(new MemoryStream(TrainedModels.Stumps.Package), ZipArchiveMode.Read);
        return (Read(zip.GetEntry(ContinuityModel.ManifestEntry)!), Read(zip.GetEntry(ContinuityModel.MlNetEntry)!));
    });

    [Fact]
    public void Load_RealModel_StillLoads()
    {
        var path = Save(Pack(Parts.Value.Manifest, Parts.Value.MlNet));
        var read = ContinuityModel.Load(path);
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
    }

    [Fact]
    public void Load_EntryThatInflatesHugely_IsRefusedByItsRatioBeforeInflating()
    {
        // 64 MiB of zeros deflate to about 64 KB: a ratio near 1000.
        var path = Save(Pack(Parts.Value.Manifest, new byte[64 << 20], CompressionLevel.Optimal));
        Assert.True(new FileInfo(path).Length < 1 << 20);
        var error = Assert.Single(ContinuityModel.Load(path).Errors);
        Assert.Equal("--model", error.Field);
        Assert.Contains("more than the limit of 100 : 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EntryDeclaringThreeGigabytes_IsRefusedBySizeBeforeInflating()
    {
        var bytes = Pack(Parts.Value.Manifest, Parts.Value.MlNet);
        DeclareSize(bytes, ContinuityModel.MlNetEntry, 3_000_000_000u);
        var error = Assert.Single(ContinuityModel.Load(Save(bytes)).Errors);
        Assert.Contains("inflates to more than the limit of 268,435,456 bytes (256 MiB)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EntryWhoseHeaderUnderstatesItsSize_IsRefused()
    {
        // Declares 2,000 bytes; inflates to 8 MiB. Neither the ratio nor the size check sees it: inflating stops at the declared size.
        var bytes = Pack(Parts.Value.Manifest, new byte[8 << 20], CompressionLevel.Optimal);
        DeclareSize(bytes, ContinuityModel.MlNetEntry, 2_000u);
        var read = ContinuityModel.Load(Save(bytes));
        var error = Assert.Single(read.Errors);
        Assert.Equal("--model", error.Field);
    }

    [Fact]
    public void Load_MlNetZipInsideWithABomb_IsRefused()
    {
        var inner = new MemoryStream();
        using (var zip = new ZipArchive(inner, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = zip.CreateEntry("TransformerChain/Model.key", CompressionLevel.Optimal).Open();
            s.Write(new byte[64 << 20]);
        }

        var error = Assert.Single(ContinuityModel.Load(Save(Pack(Parts.Value.Manifest, inner.ToArray()))).Errors);
        Assert.Contains($"its {ContinuityModel.MlNetEntry} has an entry", error.Message, StringComparison.Ordinal);
        Assert.Contains("the limit of 100 : 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ModelOfAnotherInputSchema_IsRefusedNamingTheSchema()
    {
        // A real calibrated FastTree binary model, but over three features instead of the engine's.
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ => new ThreeFeatures { Features = [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()] })
            .Select(r => { r.Label = r.Features[0] > 0.5f; return r; }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 5, numberOfLeaves: 2, minimumExampleCountPerLeaf: 5).Fit(data);
        var saved = new MemoryStream();
        ml.Model.Save(model, data.Schema, saved);
        var error = Assert.Single(ContinuityModel.Load(Save(Pack(Parts.Value.Manifest, saved.ToArray()))).Errors);
        Assert.Contains("holds an ML.NET model of another schema", error.Message, StringComparison.Ordinal);
        Assert.Contains("Features: Vector<Single, 3>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProposeCli_ModelZipBomb_Exit2BeforeSolving()
    {
        var path = Save(Pack(Parts.Value.Manifest, new byte[64 << 20], CompressionLevel.Optimal));
        var (exit, _, error) = CliRunner.Run("propose", "--demo", "--no-audit", "--model", path, "--out", Path.Combine(TestData.TempDirectory(), "out"));
        Assert.Equal(2, exit);
        Assert.Contains("--model", error, StringComparison.Ordinal);
        Assert.Contains("the limit of 100 : 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("solving", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private sealed class ThreeFeatures
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var s = entry.Open();
        var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static byte[] Pack(byte[] manifest, byte[] mlnet, CompressionLevel mlnetLevel = CompressionLevel.NoCompression)
    {
        var outer = new MemoryStream();
        using (var zip = new ZipArchive(outer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry(ContinuityModel.ManifestEntry, CompressionLevel.Optimal).Open())
            {
                s.Write(manifest);
            }

            using (var s = zip.CreateEntry(ContinuityModel.MlNetEntry, mlnetLevel).Open())
            {
                s.Write(mlnet);
            }
        }

        return outer.ToArray();
    }

    /// <summary>Overwrites an entry's uncompressed size in its local header and in the central directory, as a hostile zip would.</summary>
    private static void DeclareSize(byte[] zip, string entry, uint size)
    {
        var name = System.Text.Encoding.ASCII.GetBytes(entry);
        var patched = 0;
        for (var i = 0; i + 46 < zip.Length; i++)
        {
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50 && zip.AsSpan(i + 30, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (signature == 0x02014b50 && zip.AsSpan(i + 46, name.Length).SequenceEqual(name))
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }

        Assert.Equal(2, patched);
    }

    private static string Save(byte[] bytes)
    {
        var path = Path.Combine(TestData.TempDirectory(), "model.zip");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
