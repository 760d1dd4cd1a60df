using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

// Writing a problem as the document Read reads back.
internal static partial class ProblemJson
{
    /// <summary>
    /// Writes a problem as the JSON document <see cref="Read"/> reads back to an equal problem:
    /// coordinates as RD New <c>x</c>/<c>y</c> (exact, no datum shift on the way back), every
    /// field in a fixed order, absent values left out, and <c>"synthetic": true</c> for synthetic data.
    /// </summary>
    public static string Write(PlacementProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            if (problem.IsSynthetic)
            {
                w.WriteBoolean("synthetic", true);
            }

            w.WriteStartArray("youths");
            foreach (var y in problem.Youths)
            {
                WriteYouth(w, y);
            }

            w.WriteEndArray();
            w.WriteStartArray("locations");
            foreach (var l in problem.Locations)
            {
                WriteLocation(w, l);
            }

            w.WriteEndArray();
            WriteTable(w, "iskSeats", problem.IskSeats);
            WriteTable(w, "targets", problem.Targets);
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteYouth(Utf8JsonWriter w, Youth y)
    {
        w.WriteStartObject();
        w.WriteString("id", y.Id);
        OptionalDate(w, "birthDate", y.BirthDate);
        if (y.Age is { } age)
        {
            w.WriteNumber("age", age);
        }

        w.WriteString("gender", Vocabulary.Code(y.Gender));
        w.WriteString("careLevel", Vocabulary.Code(y.CareLevel));
        Optional(w, "currentLocation", y.CurrentLocation);
        if (y.School is { } school)
        {
            w.WriteStartObject("school");
            if (school.Point is { } p)
            {
                w.WriteNumber("x", p.X);
                w.WriteNumber("y", p.Y);
            }

            Optional(w, "educationRegion", school.RegionCode);
            w.WriteEndObject();
        }

        Optional(w, "siblingGroup", y.SiblingGroup);
        Strings(w, "keepApart", y.KeepApart);
        Optional(w, "lockedLocation", y.LockedLocation);
        Strings(w, "excludeLocations", y.ExcludeLocations);
        Strings(w, "needs", y.Needs);
        if (y.SchoolingYears is { } years)
        {
            w.WriteNumber("schoolingYears", years);
        }

        OptionalDate(w, "arrivedOn", y.ArrivedOn);
        if (y.EarlierMoves is { } moves)
        {
            w.WriteNumber("earlierMoves", moves);
        }

        Optional(w, "auditGroup", y.AuditGroup);
        Optional(w, "wishLocation", y.WishLocation);
        Optional(w, "wishMunicipality", y.WishMunicipality);
        Optional(w, "wishRegion", y.WishRegion);
        if (y.WishNear is { } near)
        {
            w.WriteStartObject("wishNear");
            w.WriteNumber("x", near.X);
            w.WriteNumber("y", near.Y);
            w.WriteEndObject();
        }

        OptionalDate(w, "viewsHeardOn", y.ViewsHeardOn);
        Optional(w, "viewsHeardBy", y.ViewsHeardBy);
        if (y.MovesLast12Months is { } recent)
        {
            w.WriteNumber("movesLast12Months", recent);
        }

        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, Location l)
    {
        w.WriteStartObject();
        w.WriteString("id", l.Id);
        w.WriteString("name", l.Name);
        w.WriteNumber("x", l.Point.X);
        w.WriteNumber("y", l.Point.Y);
        Optional(w, "municipalityCode", l.MunicipalityCode);
        w.WriteNumber("capacity", l.Capacity);
        w.WriteNumber("reserved", l.Reserved);
        w.WriteNumber("minAge", l.MinAge);
        w.WriteNumber("maxAge", l.MaxAge);
        Strings(w, "genders", [.. l.Genders.Select(Vocabulary.Code)]);
        Strings(w, "careLevels", [.. l.CareLevels.Select(Vocabulary.Code)]);
        Optional(w, "type", l.Type.Length == 0 ? null : l.Type);
        if (l.SmallScale)
        {
            w.WriteBoolean("smallScale", true);
        }

        OptionalDate(w, "closesOn", l.ClosesOn);
        Strings(w, "tags", l.Tags);
        w.WriteEndObject();
    }

    private static void WriteTable(Utf8JsonWriter w, string name, ImmutableDictionary<string, int> table)
    {
        w.WriteStartObject(name);
        foreach (var (code, value) in table.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            w.WriteNumber(code, value);
        }

        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void OptionalDate(Utf8JsonWriter w, string name, DateOnly? value)
    {
        if (value is { } d)
        {
            w.WriteString(name, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    private static void Strings(Utf8JsonWriter w, string name, ImmutableArray<string> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
