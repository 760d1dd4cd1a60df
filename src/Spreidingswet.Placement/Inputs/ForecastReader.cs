using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

/// <summary>
/// Reads a planner's forecast CSV (<c>--forecast</c>, docs/formats.md "Forecast"):
/// <c>education_region,week_start,school_going_arrivals</c>, one row per region and week.
/// </summary>
public static class ForecastReader
{
    /// <summary>The most rows of a forecast file: 10,000 (every education region for about five years of weeks).</summary>
    public const int MaxRows = 10_000;

    /// <summary>The largest expected count in one row: 10,000 school-going arrivals in a region in a week.</summary>
    public const double MaxArrivals = 10_000;

    private static readonly string[] Columns = ["education_region", "week_start", "school_going_arrivals"];

    /// <summary>
    /// Reads and checks a forecast against the geography's education regions. Every problem is
    /// reported together, each naming the file, the line, the field and the value: a missing column,
    /// an unknown region code, a date that is not yyyy-mm-dd, a count that is not a number, negative
    /// or above <see cref="MaxArrivals"/>, a region and week given twice, more than <see cref="MaxRows"/> rows.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="geography">The geography whose education region codes the rows must name.</param>
    public static LoadResult<DemandForecast> Read(string path, RegionMap geography)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(geography);
        var table = CsvTable.Read(path, allowComments: true, knownColumns: Columns);
        if (table.Value is not { } csv)
        {
            return LoadResult<DemandForecast>.Failure(table.Errors, table.Warnings);
        }

        var errors = new List<InputError>();
        foreach (var column in Columns.Where(c => !csv.Has(c)))
        {
            errors.Add(new InputError(path, 1, column, null, "the column is missing.", "The forecast's columns are: " + string.Join(",", Columns) + "."));
        }

        if (csv.Rows.Count > MaxRows)
        {
            errors.Add(new InputError(path, csv.Rows[MaxRows].Line, "rows", csv.Rows.Count.ToString(CultureInfo.InvariantCulture),
                $"the forecast has {csv.Rows.Count:N0} rows, over the limit of {MaxRows:N0}.", "Maybe give only the weeks ahead (a year is enough: the holds look at most at the forecast's horizon)?"));
        }

        if (errors.Count > 0)
        {
            return LoadResult<DemandForecast>.Failure(errors, table.Warnings);
        }

        var codes = geography.Regions(RegionRole.EducationRegion).Select(r => r.Code).ToList();
        var known = codes.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var canonical = codes.GroupBy(c => c, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var seen = new Dictionary<(string, DateOnly), int>();
        var rows = new List<ForecastWeek>();
        foreach (var row in csv.Rows)
        {
            var region = csv.Cell(row, "education_region");
            var week = csv.Cell(row, "week_start");
            var count = csv.Cell(row, "school_going_arrivals");
            var ok = true;
            if (!known.Contains(region))
            {
                errors.Add(new InputError(path, row.Line, "education_region", region, "is not an education region code of the geography.", Spelling.Hint(region, codes, "education region codes")));
                ok = false;
            }

            if (!DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                errors.Add(new InputError(path, row.Line, "week_start", week, "is not a date yyyy-mm-dd."));
                ok = false;
            }

            if (!double.TryParse(count, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || double.IsNaN(n))
            {
                errors.Add(new InputError(path, row.Line, "school_going_arrivals", count,
                    count.StartsWith('-') ? "must be zero or more." : "is not a number (a count, decimals with '.').",
                    count.Contains(',', StringComparison.Ordinal) ? "Maybe a decimal comma? Write 2.5." : null));
                ok = false;
            }
            else if (n > MaxArrivals)
            {
                errors.Add(new InputError(path, row.Line, "school_going_arrivals", count, $"is above {MaxArrivals:N0} a week."));
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            var code = canonical[region];
            if (seen.TryGetValue((code, start), out var first))
            {
                errors.Add(new InputError(path, row.Line, "week_start", week, $"region {code} and this week are given twice (first on line {first}).", "Keep one row per region and week."));
                continue;
            }

            seen[(code, start)] = row.Line;
            rows.Add(new ForecastWeek(code, start, n));
        }

        if (errors.Count > 0)
        {
            return LoadResult<DemandForecast>.Failure(errors, table.Warnings);
        }

        string sha;
        using (var stream = File.OpenRead(path))
        {
            sha = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        var forecast = new DemandForecast
        {
            Weeks = [.. rows.OrderBy(r => r.EducationRegion, StringComparer.Ordinal).ThenBy(r => r.WeekStart)],
            File = Path.GetFullPath(path),
            Sha256 = sha,
        };
        return LoadResult<DemandForecast>.Success(forecast, table.Warnings);
    }
}
