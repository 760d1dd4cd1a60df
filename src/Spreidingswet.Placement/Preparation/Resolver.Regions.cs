using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Preparation;

/// <summary>The region tables' steps: ISK seats per education region, targets per municipality or province.</summary>
internal sealed partial class Resolver
{
    private Dictionary<string, int> IskSeats()
    {
        var src = _src;
        var isk = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, seats) in _problem.IskSeats)
        {
            if (!_educationCodes.Contains(code))
            {
                _errors.Add(new InputError(src.IskFile ?? "isk-seats", src.IskLines?.GetValueOrDefault(code) ?? 0, "region_code", code, "is not an education region of the loaded layer."));
            }

            isk[code] = seats;
        }

        return isk;
    }

    private Dictionary<string, int> Targets()
    {
        var src = _src;
        var geography = _geography;
        var targetCodes = geography.Regions(RegionRole.Municipality).Concat(geography.Regions(RegionRole.Province)).Select(r => r.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var targets = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, target) in _problem.Targets)
        {
            if (!targetCodes.Contains(code))
            {
                _errors.Add(new InputError(src.TargetsFile ?? "targets", src.TargetLines?.GetValueOrDefault(code) ?? 0, "code", code, "is not a municipality or province code of the loaded layers."));
            }

            targets[code] = target;
        }

        return targets;
    }
}
