using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Learning;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Cli;

/// <summary><c>placement propose</c>: a placement proposal with proposal.json, proposal.csv and report.html.</summary>
internal static class ProposeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var options = new ProposeOptions();
        options.Command.SetAction((parse, cancellation) => Task.FromResult(new ProposeRun(options, parse, stdout, stderr).Execute(cancellation)));
        return options.Command;
    }

    internal static GeographyOptions Absolute(GeographyOptions o)
    {
        static RegionLayerSource? Full(RegionLayerSource? s) => s is null ? null : s with { Path = Path.GetFullPath(s.Path) };
        return new GeographyOptions { Municipalities = Full(o.Municipalities), Provinces = Full(o.Provinces), EducationRegions = Full(o.EducationRegions) };
    }

    /// <summary>With a forecast: the beds held per education region, and how the holds were applied.</summary>
    internal static void ForecastLine(TextWriter stdout, Proposal p)
    {
        if (p.Run.Forecast is not { } f)
        {
            return;
        }

        var held = f.HeldPerRegion.Count == 0 ? "none" : string.Join(", ", f.HeldPerRegion.Select(kv => $"{kv.Key} {kv.Value} (taken now {f.TakenPerRegion.GetValueOrDefault(kv.Key)})"));
        stdout.WriteLine($"forecast {f.File ?? "(in code)"} ({f.Applied}): beds held per education region: {held}");
    }

    internal static void Summary(TextWriter stdout, Proposal p, Proposal? b)
    {
        var m = p.Metrics;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"solver: {p.Solver.Status.Name()}, gap {p.Solver.Gap:P2}, {p.Solver.Seconds:F2} s; tiers: {string.Join(", ", p.Solver.Tiers.Select(t => $"{t.Name}={t.Value} (bound {t.Bound})"))}"));
        stdout.WriteLine(b is null ? $"{"metric",-32} {p.Run.Policy,15}" : $"{"metric",-32} {p.Run.Policy,15} {b.Run.Policy,15}");
        foreach (var (label, f) in new (string, Func<ProposalMetrics, object?>)[]
        {
            ("youths", x => x.Youths), ("placed", x => x.Placed), ("unplaced", x => x.Unplaced), ("moved", x => x.Moved),
            ("school-going", x => x.SchoolGoing), ("education region kept", x => x.EducationRegionKept),
            ("education region broken", x => x.EducationRegionBroken), ("breaks caused", x => x.EducationRegionBreaksCaused),
            ("mean school distance km", x => x.MeanSchoolDistanceKm), ("max school distance km", x => x.MaxSchoolDistanceKm),
        }.Concat(m.MeanPredictedProbability is null ? [] : new (string, Func<ProposalMetrics, object?>)[] { ("mean predicted continuity", x => x.MeanPredictedProbability) })
         .Concat(m.Views is null ? [] : new (string, Func<ProposalMetrics, object?>)[]
         {
             ("wishes stated", x => x.Views?.WishesStated), ("wishes honoured", x => x.Views?.WishesHonoured),
             ("moved again within 12 months", x => x.Views?.MovedAgainWithin12Months), ("turning 18 within the horizon", x => x.Views?.Turning18),
             ("turning 18, moved across regions", x => x.Views?.Turning18MovedAcrossRegions),
         }))
        {
            var a = Convert.ToString(f(m), CultureInfo.InvariantCulture) ?? "-";
            stdout.WriteLine(b is null ? $"{label,-32} {a,15}" : $"{label,-32} {a,15} {Convert.ToString(f(b.Metrics), CultureInfo.InvariantCulture) ?? "-",15}");
        }
    }
}
