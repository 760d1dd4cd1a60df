using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Inputs;

// Reading the records of a problem document, field by field, errors collected.
internal static partial class ProblemJson
{
    internal sealed class Reader(string file, List<InputError> errors)
    {
        public Youth? Youth(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(at, null, "must be an object.");
                return null;
            }

            if (!Id(e, at, "id", out var id))
            {
                return null;
            }

            if (string.IsNullOrEmpty(id))
            {
                Error($"{at}.id", id, "is missing: every youth needs a pseudonymous id.");
                return null;
            }

            var birth = Date(e, at, "birthDate");
            var age = Int(e, at, "age", 0, 25);
            if (birth is null && age is null)
            {
                Error($"{at}.birthDate", null, "and age are both missing: give one.");
            }

            var genderText = String(e, at, "gender");
            Gender gender = Gender.X;
            if (genderText is null || !Vocabulary.Genders.TryGetValue(genderText, out gender))
            {
                Error($"{at}.gender", genderText, "must be m, f or x.");
            }

            var careText = String(e, at, "careLevel") ?? "standard";
            if (!Vocabulary.CareLevels.TryGetValue(careText, out var care))
            {
                Error($"{at}.careLevel", careText, "must be standard, intensive or protected.");
            }

            School? school = null;
            if (e.TryGetProperty("school", out var s) && s.ValueKind == JsonValueKind.Object)
            {
                var lat = Number(s, $"{at}.school", "lat", -90, 90);
                var lon = Number(s, $"{at}.school", "lon", -180, 180);
                var x = Number(s, $"{at}.school", "x", -100_000, 400_000);
                var y = Number(s, $"{at}.school", "y", 200_000, 700_000);
                var region = IdOrNull(s, $"{at}.school", "educationRegion");
                school = lat is not null && lon is not null ? new School(GeoPoint.FromWgs84(lat.Value, lon.Value), region)
                    : x is not null && y is not null ? new School(GeoPoint.FromRd(x.Value, y.Value), region)
                    : region is not null ? new School(null, region)
                    : null;
                if (school is null)
                {
                    Error($"{at}.school", null, "needs lat and lon, x and y, or educationRegion.");
                }
            }

            return new Youth(id)
            {
                BirthDate = birth,
                Age = age,
                Gender = gender,
                CareLevel = care,
                CurrentLocation = IdOrNull(e, at, "currentLocation"),
                School = school,
                SiblingGroup = IdOrNull(e, at, "siblingGroup"),
                KeepApart = Ids(e, at, "keepApart"),
                LockedLocation = IdOrNull(e, at, "lockedLocation"),
                ExcludeLocations = Ids(e, at, "excludeLocations"),
                Needs = [.. Strings(e, at, "needs").Select(n => n.ToLowerInvariant())],
                SchoolingYears = Number(e, at, "schoolingYears", 0, 20),
                ArrivedOn = Date(e, at, "arrivedOn"),
                EarlierMoves = Int(e, at, "earlierMoves", 0, 100),
                AuditGroup = String(e, at, "auditGroup"),
                WishLocation = IdOrNull(e, at, "wishLocation"),
                WishMunicipality = IdOrNull(e, at, "wishMunicipality"),
                WishRegion = IdOrNull(e, at, "wishRegion"),
                WishNear = WishNear(e, at),
                ViewsHeardOn = Date(e, at, "viewsHeardOn"),
                ViewsHeardBy = IdOrNull(e, at, "viewsHeardBy"),
                MovesLast12Months = Int(e, at, "movesLast12Months", 0, InputLimits.MaxMovesLast12Months),
            };
        }

        /// <summary>The youth's <c>wishNear</c>: an object with lat and lon (both), or absent.</summary>
        private GeoPoint? WishNear(JsonElement e, string at)
        {
            if (!e.TryGetProperty("wishNear", out var near) || near.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (near.ValueKind != JsonValueKind.Object)
            {
                Error($"{at}.wishNear", near.ToString(), "must be an object with lat and lon.");
                return null;
            }

            var lat = Number(near, $"{at}.wishNear", "lat", -90, 90);
            var lon = Number(near, $"{at}.wishNear", "lon", -180, 180);
            var x = Number(near, $"{at}.wishNear", "x", -100_000, 400_000);
            var y = Number(near, $"{at}.wishNear", "y", 200_000, 700_000);
            if (lat is not null && lon is not null)
            {
                return GeoPoint.FromWgs84(lat.Value, lon.Value);
            }

            if (x is not null && y is not null)
            {
                return GeoPoint.FromRd(x.Value, y.Value);
            }

            if (near.TryGetProperty("lat", out _) != near.TryGetProperty("lon", out _) || near.TryGetProperty("x", out _) != near.TryGetProperty("y", out _)
                || !near.EnumerateObject().Any())
            {
                Error($"{at}.wishNear", near.ToString(), "needs both lat and lon (or both x and y).");
            }

            return null;
        }

        public Location? Location(JsonElement e, string at)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                Error(at, null, "must be an object.");
                return null;
            }

            if (!Id(e, at, "id", out var id))
            {
                return null;
            }

            if (string.IsNullOrEmpty(id))
            {
                Error($"{at}.id", id, "is missing: every location needs an id.");
                return null;
            }

            var lat = Number(e, at, "lat", -90, 90);
            var lon = Number(e, at, "lon", -180, 180);
            var x = Number(e, at, "x", -100_000, 400_000);
            var y = Number(e, at, "y", 200_000, 700_000);
            GeoPoint? point = lat is not null && lon is not null ? GeoPoint.FromWgs84(lat.Value, lon.Value)
                : x is not null && y is not null ? GeoPoint.FromRd(x.Value, y.Value) : null;
            if (point is null)
            {
                Error($"{at}.lat", null, "and lon (or x and y) are missing: every location needs coordinates.");
                return null;
            }

            var capacity = Int(e, at, "capacity", 0, 100_000);
            if (capacity is null)
            {
                Error($"{at}.capacity", null, "is missing: give the number of beds.");
            }

            var reserved = Int(e, at, "reserved", 0, 100_000) ?? 0;
            if (capacity is not null && reserved > capacity)
            {
                Error($"{at}.reserved", reserved.ToString(CultureInfo.InvariantCulture), $"is larger than capacity ({capacity}).");
            }

            var minAge = Int(e, at, "minAge", 0, 25) ?? 0;
            var maxAge = Int(e, at, "maxAge", 0, 25) ?? 17;
            if (minAge > maxAge)
            {
                Error($"{at}.minAge", minAge.ToString(CultureInfo.InvariantCulture), $"is above maxAge ({maxAge}).");
            }

            var genders = new List<Gender>();
            foreach (var g in Strings(e, at, "genders"))
            {
                if (Vocabulary.Genders.TryGetValue(g, out var gender))
                {
                    genders.Add(gender);
                }
                else
                {
                    Error($"{at}.genders", g, "must be m, f or x.");
                }
            }

            var care = new List<CareLevel>();
            foreach (var c in Strings(e, at, "careLevels"))
            {
                if (Vocabulary.CareLevels.TryGetValue(c, out var level))
                {
                    care.Add(level);
                }
                else
                {
                    Error($"{at}.careLevels", c, "must be standard, intensive or protected.");
                }
            }

            return Vocabulary.Normalised(new Location(id, String(e, at, "name") ?? id, point.Value)
            {
                MunicipalityCode = IdOrNull(e, at, "municipalityCode"),
                Capacity = capacity ?? 0,
                Reserved = reserved,
                MinAge = minAge,
                MaxAge = maxAge,
                Genders = [.. genders],
                CareLevels = [.. care],
                Type = String(e, at, "type") ?? "",
                SmallScale = e.TryGetProperty("smallScale", out var ss) && ss.ValueKind == JsonValueKind.True,
                ClosesOn = Date(e, at, "closesOn"),
                Tags = [.. Strings(e, at, "tags")],
            });
        }

        public ImmutableDictionary<string, int> CodeTable(JsonElement root, string name)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.OrdinalIgnoreCase);
            if (!root.TryGetProperty(name, out var table) || table.ValueKind == JsonValueKind.Null)
            {
                return builder.ToImmutable();
            }

            if (table.ValueKind != JsonValueKind.Object)
            {
                Error(name, null, "must be an object of code: number.");
                return builder.ToImmutable();
            }

            foreach (var p in table.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var v) && v >= 0)
                {
                    builder[p.Name] = v;
                }
                else
                {
                    Error($"{name}.{p.Name}", p.Value.ToString(), "must be a whole number of at least 0.");
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>Unknown fields of an object are errors, with a hint at the field meant ("keep_apart" -> keepApart).</summary>
        public void Known(JsonElement e, string at, IReadOnlyList<string> fields)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            foreach (var p in e.EnumerateObject())
            {
                if (!fields.Contains(p.Name, StringComparer.Ordinal))
                {
                    Error(at.Length == 0 ? p.Name : $"{at}.{p.Name}", null, "is not a known field.", Spelling.Hint(p.Name, [.. fields], "fields here"));
                }
            }
        }

        /// <summary>An id string (<see cref="String"/>); false (with an error) when it holds a control or formatting character.</summary>
        internal bool Id(JsonElement e, string at, string name, out string? id)
        {
            id = String(e, at, name);
            if (id is not null && Cells.IdError(id) is { } problem)
            {
                Error($"{at}.{name}", id, problem);
                id = null;
                return false;
            }

            return true;
        }

        private string? IdOrNull(JsonElement e, string at, string name) => Id(e, at, name, out var id) ? id : null;

        /// <summary>A list of id strings; entries with a control or formatting character are errors and left out.</summary>
        private ImmutableArray<string> Ids(JsonElement e, string at, string name)
        {
            var ids = Strings(e, at, name);
            foreach (var bad in ids.Where(i => Cells.IdError(i) is not null))
            {
                Error($"{at}.{name}", bad, Cells.IdError(bad)!);
            }

            return [.. ids.Where(i => Cells.IdError(i) is null)];
        }

        internal string? String(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.String)
            {
                Error($"{at}.{name}", v.ToString(), "must be a string.");
                return null;
            }

            var s = v.GetString()!.Trim();
            return s.Length == 0 ? null : s;
        }

        internal ImmutableArray<string> Strings(JsonElement e, string at, string name)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                Error($"{at}.{name}", v.ToString(), "must be an array of strings.");
                return [];
            }

            return [.. v.EnumerateArray().Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0)];
        }

        internal double? Number(JsonElement e, string at, string name, double min, double max)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out var d) || d < min || d > max)
            {
                Error($"{at}.{name}", v.ToString(), $"must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.");
                return null;
            }

            return d;
        }

        internal int? Int(JsonElement e, string at, string name, int min, int max)
        {
            if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min || i > max)
            {
                Error($"{at}.{name}", v.ToString(), $"must be a whole number between {min} and {max}.");
                return null;
            }

            return i;
        }

        internal DateOnly? Date(JsonElement e, string at, string name)
        {
            var s = String(e, at, name);
            if (s is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                return d;
            }

            Error($"{at}.{name}", s, "is not a date in the form yyyy-mm-dd.");
            return null;
        }

        internal void Error(string field, string? value, string message, string? hint = null) => errors.Add(new InputError(file, 0, field, value, message, hint));
    }
}
