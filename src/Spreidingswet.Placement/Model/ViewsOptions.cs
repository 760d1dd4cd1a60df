namespace Spreidingswet.Placement.Model;

/// <summary>Where <see cref="Policy.EducationFirst"/> weighs the youth's views.</summary>
public enum ViewsTier
{
    /// <summary>In the weighted tier, with school travel, move distance and the rest (default).</summary>
    Weighted,

    /// <summary>As a tier of its own right after the education region breaks (before the moves).</summary>
    AfterEducation,
}

/// <summary>
/// The child's own views, stability and turning 18 (docs/criteria.md): when they apply, their
/// weights, and where education-first weighs the views. Wishes are preferences, never hard rules.
/// </summary>
public sealed record ViewsOptions
{
    /// <summary>
    /// True: the views, stability and turning-18 criteria apply; false: none of them does (and the
    /// best-interests statements say nothing about turning 18); null (default): the views and
    /// stability criteria apply when any youth has a views field (<see cref="Youth.HasViewsData"/>),
    /// and the turning-18 criterion always, since it needs only <see cref="Youth.BirthDate"/>.
    /// </summary>
    public bool? Enabled { get; init; }

    /// <summary>Where education-first weighs the views; default <see cref="ViewsTier.Weighted"/>.</summary>
    public ViewsTier Tier { get; init; } = ViewsTier.Weighted;

    /// <summary>Cost when the youth wished for a location and is placed elsewhere. Default 200.</summary>
    public long WishLocation { get; init; } = 200;

    /// <summary>Cost, on top, when the placement is outside the wished municipality (given, or the wished location's). Default 300.</summary>
    public long WishMunicipality { get; init; } = 300;

    /// <summary>Cost, on top, when the placement is outside the wished education region (given, or the wished municipality's or location's). Default 500.</summary>
    public long WishRegion { get; init; } = 500;

    /// <summary>Cost per km beyond <see cref="WishNearFreeKm"/> from the place the youth wants to be near. Default 10.</summary>
    public long WishNearPerKm { get; init; } = 10;

    /// <summary>Within this many km of the wished place the wish counts as met. Default 25.</summary>
    public double WishNearFreeKm { get; init; } = 25;

    /// <summary>Cost of a chosen (not forced) move per move in the last 12 months. Default 300.</summary>
    public long StabilityPerMove { get; init; } = 300;

    /// <summary>Months ahead in which turning 18 counts (from birth_date and the planning date). Default 6.</summary>
    public int Turning18HorizonMonths { get; init; } = 6;

    /// <summary>Cost of moving a youth who turns 18 within the horizon to another education region than where they live. Default 5,000.</summary>
    public long Turning18CrossRegion { get; init; } = 5_000;

    /// <summary>When true, a youth turning 18 whose location stays open may only move within its education region (a hard rule, code TURNING_18). Default false.</summary>
    public bool Turning18Hard { get; init; }

    /// <summary>The defaults.</summary>
    public static ViewsOptions Default { get; } = new();

    /// <summary>
    /// True when the views and stability criteria apply to <paramref name="problem"/> (and the
    /// best-interests statements report the youth's views and recent moves): <see cref="Enabled"/>, or
    /// when null whether any youth has a views field. The turning-18 criterion applies unless
    /// <see cref="Enabled"/> is false, views fields or not.
    /// </summary>
    public bool AppliesTo(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Enabled ?? problem.Youths.Any(y => y.HasViewsData);
    }

    /// <summary>True unless <see cref="Enabled"/> is false: turning 18 is derived from birth_date, which needs no views field.</summary>
    internal bool Turning18Applies => Enabled != false;

    /// <summary>Every problem with the options (negative weights, horizon out of 0-24 months).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new (string, double)[]
        {
            (nameof(WishLocation), WishLocation), (nameof(WishMunicipality), WishMunicipality), (nameof(WishRegion), WishRegion),
            (nameof(WishNearPerKm), WishNearPerKm), (nameof(WishNearFreeKm), WishNearFreeKm), (nameof(StabilityPerMove), StabilityPerMove),
            (nameof(Turning18CrossRegion), Turning18CrossRegion),
        })
        {
            if (value < 0 || double.IsNaN(value))
            {
                problems.Add($"views weight {name} is {value}: weights must be zero or positive.");
            }

            if (value > 1e9)
            {
                problems.Add($"views weight {name} is {value}: weights above 1,000,000,000 risk overflow.");
            }
        }

        if (Turning18HorizonMonths is < 0 or > 24)
        {
            problems.Add($"views option Turning18HorizonMonths is {Turning18HorizonMonths}: it must lie between 0 and 24 months.");
        }

        return problems;
    }
}
