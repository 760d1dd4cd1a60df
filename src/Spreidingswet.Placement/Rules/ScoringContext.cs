using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Preparation;

namespace Spreidingswet.Placement.Rules;

/// <summary>What criteria may read besides youth and location: the weights and shared facts.</summary>
internal sealed record ScoringContext(Weights Weights, ResolvedProblem Problem)
{
    /// <summary>Learned school-continuity probabilities of the run, when a model is used.</summary>
    public Learning.LearnedScores? Learned { get; init; }

    /// <summary>Ter Apel registration centre, the origin of new arrivals (capacity-only distance).</summary>
    public static readonly GeoPoint TerApel = GeoPoint.FromWgs84(52.8776, 7.0667);

    public ResolvedLocation? Current(ResolvedYouth youth) => youth.CurrentLocation >= 0 ? Problem.Locations[youth.CurrentLocation] : null;

    /// <summary>Per location: RD New x (m).</summary>
    public double[] LocationX { get; } = [.. Problem.Locations.Select(l => l.Location.Point.X)];

    /// <summary>Per location: RD New y (m).</summary>
    public double[] LocationY { get; } = [.. Problem.Locations.Select(l => l.Location.Point.Y)];

    /// <summary>Per location: small-scale flag.</summary>
    public bool[] LocationSmallScale { get; } = [.. Problem.Locations.Select(l => l.Location.SmallScale)];

    /// <summary>Education region codes of the locations, numbered (case-insensitive).</summary>
    public IReadOnlyDictionary<string, int> EducationRegionIds { get; } = Problem.Locations
        .Select(l => l.EducationRegion?.Code).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
        .Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.OrdinalIgnoreCase);

    /// <summary>Per location: number of its education region in <see cref="EducationRegionIds"/>, -1 = none.</summary>
    public int[] LocationEducationRegion => _locationEducationRegion ??= [.. Problem.Locations.Select(l => EducationRegionId(l.EducationRegion?.Code))];

    private int[]? _locationEducationRegion;

    /// <summary>The views, stability and turning-18 weights (read only when the run's youths have <see cref="ResolvedYouth.Views"/>).</summary>
    public ViewsOptions Views { get; init; } = ViewsOptions.Default;

    /// <summary>True when the views and stability criteria apply to this run (and the statements report the youth's views and recent moves).</summary>
    public bool ViewsActive { get; init; }

    /// <summary>True when the turning-18 criterion applies to this run: with the views criteria, and from birth_date alone in a run without views fields (unless disabled).</summary>
    public bool Turning18Active
    {
        get => _turning18 || ViewsActive;
        init => _turning18 = value;
    }

    private readonly bool _turning18;

    /// <summary>Municipality codes of the locations, numbered (case-insensitive).</summary>
    public IReadOnlyDictionary<string, int> MunicipalityIds => _municipalityIds ??= Problem.Locations
        .Select(l => l.Municipality?.Code).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)
        .Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.OrdinalIgnoreCase);

    private IReadOnlyDictionary<string, int>? _municipalityIds;

    /// <summary>Per location: number of its municipality in <see cref="MunicipalityIds"/>, -1 = none.</summary>
    public int[] LocationMunicipality => _locationMunicipality ??= [.. Problem.Locations.Select(l => MunicipalityId(l.Municipality?.Code))];

    /// <summary>Per location index its site (<see cref="Preparation.ResolvedLocation.Site"/>: a copy of held beds is at its location).</summary>
    public int[] LocationSite => _locationSite ??= [.. Problem.Locations.Select(l => l.Site)];

    private int[]? _locationMunicipality;
    private int[]? _locationSite;

    /// <summary>The number of a municipality code, -1 when no location lies in it (or null).</summary>
    public int MunicipalityId(string? code) => code is not null && MunicipalityIds.TryGetValue(code, out var id) ? id : -1;

    /// <summary>The number of an education region code, -1 when no location lies in it (or null).</summary>
    public int EducationRegionId(string? code) => code is not null && EducationRegionIds.TryGetValue(code, out var id) ? id : -1;
}
