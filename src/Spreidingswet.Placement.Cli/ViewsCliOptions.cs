using System.CommandLine;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Cli;

/// <summary>
/// The options for the child's views, stability and turning 18 (<see cref="ViewsOptions"/>), the same
/// in <c>propose</c> and <c>scenario</c>: <c>--views</c>, <c>--views-tier</c>, <c>--turning18-horizon</c>,
/// <c>--turning18-hard</c>. Their weights come from a weights file.
/// </summary>
internal sealed class ViewsCliOptions
{
    public ViewsCliOptions()
    {
        Views.AcceptOnlyFromAmong("auto", "on", "off");
        Tier.AcceptOnlyFromAmong("weighted", "after-education");
    }

    /// <summary>Adds the four options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Views, Tier, Turning18Horizon, Turning18Hard })
        {
            command.Options.Add(option);
        }
    }

    public Option<string> Views { get; } = new("--views") { Description = "The youth's views, stability and turning 18: auto (default: the views and stability when youths.csv has a views column filled in, turning 18 from birth_date always), on (all three) or off (none).", DefaultValueFactory = _ => "auto" };

    public Option<string> Tier { get; } = new("--views-tier") { Description = "Where education-first weighs the youth's views: weighted (default, in the weighted tier) or after-education (a tier of its own right after the education region breaks).", DefaultValueFactory = _ => "weighted" };

    public Option<int> Turning18Horizon { get; } = new("--turning18-horizon") { Description = "Months ahead in which turning 18 counts (0-24).", DefaultValueFactory = _ => 6, HelpName = "MONTHS" };

    public Option<bool> Turning18Hard { get; } = new("--turning18-hard") { Description = "A youth turning 18 within the horizon whose location stays open may only move within its education region (hard rule TURNING_18) instead of at a high cost." };

    /// <summary>
    /// <paramref name="views"/> with every option given on the command line (and, when
    /// <paramref name="defaults"/>, the defaults of those not given) set; the weights stay as they are.
    /// </summary>
    public ViewsOptions Apply(ParseResult parse, ViewsOptions views, bool defaults)
    {
        bool Given(Option option) => defaults || parse.GetResult(option) is { Implicit: false };
        if (Given(Views))
        {
            views = views with { Enabled = parse.GetValue(Views) switch { "on" => true, "off" => false, _ => null } };
        }

        if (Given(Tier))
        {
            views = views with { Tier = parse.GetValue(Tier) == "after-education" ? ViewsTier.AfterEducation : ViewsTier.Weighted };
        }

        if (Given(Turning18Horizon))
        {
            views = views with { Turning18HorizonMonths = parse.GetValue(Turning18Horizon) };
        }

        if (Given(Turning18Hard))
        {
            views = views with { Turning18Hard = parse.GetValue(Turning18Hard) };
        }

        return views;
    }
}
