using System.Collections.Immutable;
using System.Globalization;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Simulation;

/// <summary>Reads the simulation's own inputs: an arrivals file and a changes file (docs/simulation.md, "Formats").</summary>
public static class SimulationFiles
{
    /// <summary>
    /// Reads arrivals: youths.csv's columns (docs/formats.md) with <c>arrived_on</c> required and
    /// <c>current_location</c> and <c>locked_location</c> empty; each arrival must fall in the horizon of
    /// <paramref name="settings"/>. Every problem is reported with its line, field and value; the
    /// references to locations are checked against the starting situation when the simulation runs
    /// (<see cref="PlacementSimulator.Run"/>, naming these lines through <see cref="SimulationInput.ArrivalSources"/>).
    /// </summary>
    public static LoadResult<SimulationArrivals> ReadArrivals(string path, SimulationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(settings);
        var warnings = new List<string>();
        var (youths, errors) = YouthsCsv.Read(path, warnings);
        if (errors.Count == 0 && youths.Count > 0 && CsvTable.Read(path).Value is { } table && !table.Has("arrived_on"))
        {
            return LoadResult<SimulationArrivals>.Failure([new InputError(path, 1, "arrived_on", null, "column is missing: an arrivals file needs each arrival's date.", "Add an arrived_on column (yyyy-mm-dd).")], warnings);
        }

        var dated = errors.Where(e => e.Field == "arrived_on").Select(e => e.Line).ToHashSet();
        var first = settings.Start.AddDays(-settings.CadenceDays + 1);
        var end = settings.Start.AddDays((settings.Periods - 1) * settings.CadenceDays);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (y, file, line) in youths)
        {
            if (!ids.Add(y.Id))
            {
                errors.Add(new InputError(file, line, "id", y.Id, "appears more than once."));
            }

            if (y.ArrivedOn is not { } on)
            {
                if (dated.Contains(line))
                {
                    continue;
                }

                errors.Add(new InputError(file, line, "arrived_on", "", "an arrival needs its arrival date (yyyy-mm-dd)."));
            }
            else if (on < first || on > end)
            {
                errors.Add(new InputError(file, line, "arrived_on", on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"outside the horizon {first:yyyy-MM-dd} to {end:yyyy-MM-dd}.", "Maybe change --start or --weeks."));
            }

            if (y.CurrentLocation is not null)
            {
                errors.Add(new InputError(file, line, "current_location", y.CurrentLocation, "an arrival has no current location.", "Maybe leave it empty."));
            }

            if (y.LockedLocation is not null)
            {
                errors.Add(new InputError(file, line, "locked_location", y.LockedLocation, "pins are not simulated.", "Maybe leave it empty."));
            }
        }

        return errors.Count > 0 ? LoadResult<SimulationArrivals>.Failure(errors, warnings)
            : LoadResult<SimulationArrivals>.Success(new SimulationArrivals(
                [.. youths.Select(s => s.Value).OrderBy(y => y.ArrivedOn).ThenBy(y => y.Id, StringComparer.Ordinal)],
                youths.GroupBy(s => s.Value.Id, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => new SourceLine(g.First().File, g.First().Line), StringComparer.Ordinal)), warnings);
    }

    /// <summary>
    /// Reads scheduled changes: a CSV with <c>date,location,change,capacity</c>, change one of
    /// <c>close</c>, <c>open</c>, <c>capacity</c> (capacity only for <c>capacity</c>).
    /// </summary>
    public static LoadResult<IReadOnlyList<LocationChange>> ReadChanges(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var read = CsvTable.Read(path, knownColumns: ["date", "location", "change", "capacity"]);
        if (read.Value is not { } table)
        {
            return LoadResult<IReadOnlyList<LocationChange>>.Failure(read.Errors);
        }

        var errors = new List<InputError>();
        foreach (var column in new[] { "date", "location", "change" })
        {
            if (!table.Has(column))
            {
                errors.Add(new InputError(path, 1, column, null, "missing column.", "The header is date,location,change,capacity."));
            }
        }

        if (errors.Count > 0)
        {
            return LoadResult<IReadOnlyList<LocationChange>>.Failure(errors);
        }

        var changes = new List<LocationChange>();
        var once = new Dictionary<(string, LocationChangeKind), int>();
        foreach (var row in table.Rows)
        {
            var dateText = table.Cell(row, "date");
            var location = table.Cell(row, "location");
            var kindText = table.Cell(row, "change");
            var capacityText = table.Has("capacity") ? table.Cell(row, "capacity") : "";
            var ok = true;
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add(new InputError(path, row.Line, "date", dateText, "not a date (yyyy-mm-dd)."));
                ok = false;
            }

            if (string.IsNullOrWhiteSpace(location))
            {
                errors.Add(new InputError(path, row.Line, "location", location, "empty."));
                ok = false;
            }

            LocationChangeKind? kind = kindText.Trim().ToLowerInvariant() switch
            {
                "close" => LocationChangeKind.Close,
                "open" => LocationChangeKind.Open,
                "capacity" => LocationChangeKind.Capacity,
                _ => null,
            };
            if (kind is null)
            {
                errors.Add(new InputError(path, row.Line, "change", kindText, "must be close, open or capacity."));
                ok = false;
            }

            int? capacity = null;
            if (kind == LocationChangeKind.Capacity)
            {
                if (!int.TryParse(capacityText, NumberStyles.None, CultureInfo.InvariantCulture, out var c))
                {
                    errors.Add(new InputError(path, row.Line, "capacity", capacityText, "a capacity change needs a whole number of beds."));
                    ok = false;
                }
                else
                {
                    capacity = c;
                }
            }
            else if (capacityText.Length > 0)
            {
                errors.Add(new InputError(path, row.Line, "capacity", capacityText, $"only a capacity change has a capacity (this is {kindText})."));
                ok = false;
            }

            if (ok && kind is LocationChangeKind.Close or LocationChangeKind.Open && !once.TryAdd((location.Trim(), kind.Value), row.Line))
            {
                errors.Add(new InputError(path, row.Line, "change", kindText, $"location {location.Trim()} already has this change on line {once[(location.Trim(), kind.Value)]}.", "A location opens at most once and closes at most once."));
                ok = false;
            }

            if (ok)
            {
                changes.Add(new LocationChange(date, location.Trim(), kind!.Value, capacity) { File = path, Line = row.Line });
            }
        }

        return errors.Count > 0 ? LoadResult<IReadOnlyList<LocationChange>>.Failure(errors) : LoadResult<IReadOnlyList<LocationChange>>.Success(changes);
    }
}
