using System.Diagnostics;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Tests.Support;
using Xunit;

namespace Spreidingswet.Placement.Tests.Geography;

/// <summary>A region layer is untrusted input too: a huge or endless file is refused without reading it whole.</summary>
public class LayerLimitsTests
{
    [Theory]
    [InlineData("huge.geojson")]
    [InlineData("huge.gpkg")]
    [InlineData("huge.shp")]
    public void Read_LayerFileOverTheLimit_IsRefusedNamingTheLimit_BeforeReadingIt(string name)
    {
        var path = Path.Combine(TestData.TempDirectory(), name);
        using (var file = File.Create(path))
        {
            file.SetLength(LayerReader.MaxLayerBytes + 1); // sparse: costs no disk
        }

        var clock = Stopwatch.StartNew();
        var result = LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(path));

        var error = Assert.Single(result.Errors);
        Assert.Contains("512 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxLayerBytes", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Read_GeoJsonLinkToDevZero_IsRefused_InBoundedMemory()
    {
        var path = Path.Combine(TestData.TempDirectory(), "endless.geojson");
        File.CreateSymbolicLink(path, "/dev/zero");
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var result = LayerReader.Read(RegionRole.Municipality, new RegionLayerSource(path));

        var error = Assert.Single(result.Errors);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L * 1024 * 1024, "read far into /dev/zero");
    }
}
