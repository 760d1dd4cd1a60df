using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;
using Spreidingswet.Placement.Tests.Cli;
using Spreidingswet.Placement.Tests.Support;
using static Spreidingswet.Placement.Tests.Support.TestProblems;

namespace Spreidingswet.Placement.Tests.Outputs;

/// <summary>Issue 16, point 4: CSV cells that a spreadsheet would run as a formula are neutralised.</summary>
public sealed class CsvInjectionTests
{
    private static readonly string[] Hostile = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-1+1", "\tTAB", "\rCR"];

    [Fact]
    public void ProposalCsv_HostileIds_AreNeutralisedWithAQuoteAndQuoted()
    {
        var youths = Hostile.Select(id => Kid(id, school: Utrecht)).ToList();
        var proposal = Propose(Problem(youths, [Loc("=L1", Utrecht, capacity: 3), Loc("@L2", Zeist, capacity: 1)]));
        var csv = ProposalWriter.ToCsv(proposal);
        var cells = Rows(csv).Skip(1).ToList();
        Assert.Equal(Hostile.Length, cells.Count);
        foreach (var row in cells)
        {
            foreach (var cell in row.Where(c => c.Length > 0))
            {
                Assert.False(CsvCells.IsFormulaStart(cell[0]), $"cell '{cell}' starts a formula in:\n{csv}");
            }

            Assert.StartsWith("'", row[0], StringComparison.Ordinal);
            Assert.Contains(row[0][1..], Hostile);
        }

        Assert.Contains(cells, r => r[1] is "'=L1" or "'@L2");
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvCells_NumbersStayNumbers_TextIsNeutralised()
    {
        Assert.Equal("-1.5", CsvCells.Number("-1.5"));
        Assert.Equal("\"'-1.5\"", CsvCells.Text("-1.5"));
        Assert.Equal("Y001", CsvCells.Text("Y001"));
        Assert.Equal("\"a,b\"", CsvCells.Text("a,b"));
        Assert.Equal("\"'=1;2\"", CsvCells.Text("=1;2"));
        Assert.Equal("\"'\rx\"", CsvCells.Text("\rx"));
        Assert.Equal("a;b", CsvCells.Neutral("a;b"));
        Assert.Equal("\"'+a;b\"", CsvCells.Neutral("+a;b"));
    }

    [Fact]
    public void ProposalCsv_OrdinaryIds_AreWrittenAsBefore()
    {
        var proposal = Propose(Problem([Kid("Y1", school: Utrecht), Kid("Y2")], [Loc("L1", Utrecht, capacity: 2)]));
        var csv = ProposalWriter.ToCsv(proposal);
        Assert.DoesNotContain("'", csv, StringComparison.Ordinal);
        Assert.Contains("\nY1,L1,,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void RegionsLookup_HostilePointIds_AreNeutralised()
    {
        var csv = PointFile.LookupCsv(TestProblems.Geography, [new NamedPoint("=1+1", In(Utrecht), 2), new NamedPoint("P2", In(Zeist), 3)]);
        var rows = Rows(csv).ToList();
        Assert.Equal("'=1+1", rows[1][0]);
        Assert.Equal("P2", rows[2][0]);
    }

    [Fact]
    public void SyntheticFiles_HostileIds_AreNeutralised()
    {
        var text = SyntheticGenerator.YouthsCsvText([new Youth("-2+3") { Age = 15, KeepApart = ["=A", "B"] }]);
        var row = Rows(text).Skip(1).Single();
        Assert.Equal("'-2+3", row[0]);
        Assert.Equal("'=A;B", row[9]);
    }

    [Fact]
    public void ProposeCli_HostileIdsInYouthsCsv_ProposalCsvIsNeutralised()
    {
        var data = TestData.TempDirectory();
        File.WriteAllText(Path.Combine(data, "youths.csv"), "id,birth_date,gender,care_level,school_lat,school_lon\n\"=HYPERLINK(\"\"http://evil\"\")\",2010-01-01,m,standard,52.09,5.12\n@SUM(A1),2010-02-01,f,standard,,\n");
        File.WriteAllText(Path.Combine(data, "locations.csv"), "id,name,lat,lon,capacity,genders\n+L1,=cmd,52.09,5.12,5,m;f\n");
        var outDir = Path.Combine(TestData.TempDirectory(), "out");
        var (exit, _, error) = CliRunner.Run("propose", "--youths", Path.Combine(data, "youths.csv"), "--locations", Path.Combine(data, "locations.csv"),
            "--planning-date", "2026-12-01", "--no-audit", "--no-compare", "--out", outDir);
        Assert.True(exit == 0, error);
        var rows = Rows(File.ReadAllText(Path.Combine(outDir, "proposal.csv"))).Skip(1).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.All(r.Where(c => c.Length > 0), c => Assert.False(CsvCells.IsFormulaStart(c[0]), c)));
        Assert.Contains(rows, r => r[0] == "'=HYPERLINK(\"http://evil\")" && r[1] == "'+L1");
    }

    /// <summary>A small RFC 4180 reader (quotes, doubled quotes, separators and line breaks inside quotes).</summary>
    private static IEnumerable<List<string>> Rows(string csv)
    {
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                yield return row;
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }
    }
}
