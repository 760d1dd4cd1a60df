using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Spreidingswet.Placement.Audit;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>A run's downloads beside proposal.json and proposal.csv: the library's report.html and an Excel workbook with a sheet per table.</summary>
public static class Exports
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The sheets of the workbook, in order.</summary>
    public static readonly string[] Sheets = ["Youths", "Locations", "Metrics", "Moves"];

    /// <summary>report.html as <c>placement propose</c> writes it (<see cref="ProposalWriter.Write"/> into a temporary folder that is always deleted).</summary>
    public static string ReportHtml(RunView run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = Path.Combine(Path.GetTempPath(), "placement-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            ProposalWriter.Write(run.Proposal, run.Baseline, run.Geography, run.Problem, folder);
            return File.ReadAllText(Path.Combine(folder, "report.html"));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// proposal.xlsx: <c>Youths</c> (every youth: now, proposed, region kept, school km, cost, sibling group, unplaced
    /// reasons, latest decision), <c>Locations</c> (capacity, load, closing), <c>Metrics</c> (this proposal against
    /// capacity-only) and <c>Moves</c> (who moves from where to where).
    /// </summary>
    public static byte[] Workbook(RunView run, AuditRun? stored)
    {
        ArgumentNullException.ThrowIfNull(run);
        var p = run.Proposal;
        var assigned = p.Assignments.ToDictionary(a => a.Youth, StringComparer.Ordinal);
        var unplaced = p.Unplaced.ToDictionary(u => u.Youth, StringComparer.Ordinal);
        var latest = stored?.LatestDecisions;
        var youths = run.Problem.Youths.OrderBy(y => y.Id, StringComparer.Ordinal).Select(y =>
        {
            var a = assigned.GetValueOrDefault(y.Id);
            var d = latest?.GetValueOrDefault(y.Id);
            return new object?[]
            {
                y.Id, y.CurrentLocation, a?.Location, a?.EducationRegion is { } er ? (er.Kept ? "kept" : "broken") : null, a?.SchoolDistanceKm, a?.Cost,
                y.SiblingGroup, unplaced.GetValueOrDefault(y.Id) is { } u ? string.Join(" | ", u.Reasons.Select(r => $"{r.Code}: {r.Text}")) : null,
                d?.Decision.Kind.ToString().ToLowerInvariant(), d is null ? null : d.Decision.Kind == DecisionKind.Change ? d.Decision.Location : d.Decision.Kind == DecisionKind.Accept ? d.ProposedLocation : null,
            };
        });
        var load = p.Assignments.GroupBy(a => a.Location, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var locations = run.Problem.Locations.OrderBy(l => l.Id, StringComparer.Ordinal).Select(l => new object?[]
        {
            l.Id, l.Name, l.Capacity, load.GetValueOrDefault(l.Id), l.ClosesOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        });
        var b = run.Baseline?.Metrics;
        var m = p.Metrics;
        object?[] Row(string name, Func<ProposalMetrics, object?> value) => [name, value(m), b is null ? null : value(b)];
        object?[][] metrics =
        [
            Row("youths", x => x.Youths), Row("placed", x => x.Placed), Row("unplaced", x => x.Unplaced), Row("moved", x => x.Moved),
            Row("school-going", x => x.SchoolGoing), Row("education region kept", x => x.EducationRegionKept), Row("education region broken", x => x.EducationRegionBroken),
            Row("mean school distance km", x => x.MeanSchoolDistanceKm), Row("max school distance km", x => x.MaxSchoolDistanceKm),
        ];
        var moves = p.Assignments.Where(a => a.From is not null && a.From != a.Location).OrderBy(a => a.Youth, StringComparer.Ordinal).Select(a => new object?[]
        {
            a.Youth, a.From, a.Location, a.EducationRegion is { } er ? (er.Kept ? "kept" : "broken") : null, a.SchoolDistanceKm,
        });

        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var book = doc.AddWorkbookPart();
            book.Workbook = new Workbook(new Sheets());
            Sheet(book, 1, Sheets[0], ["youth", "current_location", "proposed_location", "education_region", "school_km", "cost", "sibling_group", "unplaced_reason", "decision", "decided_location"], youths);
            Sheet(book, 2, Sheets[1], ["location", "name", "capacity", "load", "closes_on"], locations);
            Sheet(book, 3, Sheets[2], ["metric", $"this proposal ({p.Run.Policy})", "capacity-only"], metrics);
            Sheet(book, 4, Sheets[3], ["youth", "from", "to", "education_region", "school_km"], moves);
            book.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static void Sheet(WorkbookPart book, uint id, string name, string[] header, IEnumerable<object?[]> rows)
    {
        var part = book.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        uint r = 1;
        data.Append(Line(r++, header));
        foreach (var row in rows)
        {
            data.Append(Line(r++, row));
        }

        part.Worksheet = new Worksheet(data);
        part.Worksheet.Save();
        book.Workbook.Sheets!.Append(new Sheet { Id = book.GetIdOfPart(part), SheetId = id, Name = name });
    }

    private static Row Line(uint index, object?[] values)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Length; c++)
        {
            var reference = Column(c) + index.ToString(CultureInfo.InvariantCulture);
            row.Append(values[c] switch
            {
                null => new Cell { CellReference = reference },
                int or long or double => new Cell
                {
                    CellReference = reference,
                    DataType = CellValues.Number,
                    CellValue = new CellValue(Convert.ToDouble(values[c], CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)),
                },
                var v => new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(Convert.ToString(v, CultureInfo.InvariantCulture)!)) },
            });
        }

        return row;
    }

    private static string Column(int index)
    {
        var name = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            name = (char)('A' + ((i - 1) % 26)) + name;
        }

        return name;
    }
}
