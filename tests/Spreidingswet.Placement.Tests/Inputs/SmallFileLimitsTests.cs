using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Support;
using Xunit;

namespace Spreidingswet.Placement.Tests.Inputs;

/// <summary>The files beside the main inputs (weights, a proposal.json read back, a signed head) are bounded too.</summary>
public class SmallFileLimitsTests
{
    [Fact]
    public void WeightsFile_LinkToDevZero_IsRefusedNamingTheLimit()
    {
        var path = Link("weights.json");
        var error = Assert.Single(WeightsFile.Read(path, new PlacementOptions()).Errors);
        Assert.Contains("the limit for a weights file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProposalJson_LargerThanTheInputLimit_IsRefusedBeforeItIsRead()
    {
        var path = Path.Combine(TestData.TempDirectory(), "proposal.json");
        using (var file = File.Create(path))
        {
            file.SetLength(InputLimits.MaxFileBytes + 1);
        }

        var error = Assert.Single(ProposalWriter.Load(path).Errors);
        Assert.Contains("256 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProposalJson_LinkToDevZero_IsRefused()
        => Assert.Contains("not a regular file", Assert.Single(ProposalWriter.Load(Link("proposal.json")).Errors).Message, StringComparison.Ordinal);

    [Fact]
    public void SignedHead_LinkToDevZero_IsRefused()
        => Assert.Contains("the limit for a head file", Assert.Single(SignedTreeHead.Load(Link("HEAD.json")).Errors).Message, StringComparison.Ordinal);

    private static string Link(string name)
    {
        var path = Path.Combine(TestData.TempDirectory(), name);
        File.CreateSymbolicLink(path, "/dev/zero");
        return path;
    }
}
