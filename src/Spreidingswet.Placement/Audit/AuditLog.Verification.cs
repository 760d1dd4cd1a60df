using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Outputs;

namespace Spreidingswet.Placement.Audit;

/// <summary>Verification of the hash chain, and pruning records past the retention period.</summary>
public sealed partial class AuditLog
{
    /// <summary>
    /// Checks the whole chain: every record's hash matches its content and the hash of the record
    /// before it, numbers are consecutive, and records removed by a prune are accounted for by its
    /// anchor record. Names the first record that does not verify.
    /// </summary>
    public AuditVerification Verify()
    {
        using (var check = Command("PRAGMA quick_check;"))
        {
            var result = Convert.ToString(check.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (result != "ok")
            {
                return new AuditVerification(false, 0, null, $"the database file is damaged: {result}", 0, null, 0);
            }
        }

        using var command = Command("SELECT seq, kind, run_id, youth, time_utc, content, prev_hash, hash FROM audit_records ORDER BY seq");
        using var reader = command.ExecuteReader();
        var rows = new List<AuditChain.Row>();
        while (reader.Read())
        {
            rows.Add(new AuditChain.Row(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }

        return AuditChain.Verify(rows);
    }

    /// <summary>
    /// Removes the oldest records, those recorded before <paramref name="before"/>, and appends a
    /// prune record that anchors the rest of the chain (the number and hash of the last removed
    /// record), signed off by <paramref name="operatorId"/>. Refuses a date less than
    /// <see cref="MinimumRetentionMonths"/> months before today (UTC). A run is kept, with
    /// everything after it, while it has decisions on or after the date.
    /// </summary>
    public LoadResult<PruneOutcome> Prune(DateOnly before, string operatorId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operatorId);
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var latest = today.AddMonths(-MinimumRetentionMonths);
        var errors = new List<InputError>();
        if (before > latest)
        {
            errors.Add(new InputError("command line", 0, "--before", before.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                $"is less than {MinimumRetentionMonths} months ago: logs must be kept at least {MinimumRetentionMonths} months (AI Act art. 26(6)).",
                $"Maybe --before {latest:yyyy-MM-dd} or earlier?"));
        }

        if (!PseudonymousId().IsMatch(operatorId))
        {
            errors.Add(new InputError("command line", 0, "--planner", operatorId, "must be a pseudonymous id (letters, digits, '.', '_', '-'; at most 64), not a name."));
        }

        if (errors.Count > 0)
        {
            return LoadResult<PruneOutcome>.Failure(errors);
        }

        var cutoff = before.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).ToString("o", CultureInfo.InvariantCulture);
        PruneOutcome? outcome = null;
        Write(() =>
        {
            var rows = new List<(long Seq, string Kind, string? Run, bool Old, string Hash)>();
            using (var select = Command("SELECT seq, kind, run_id, time_utc < $cutoff, hash FROM audit_records ORDER BY seq"))
            {
                select.Parameters.AddWithValue("$cutoff", cutoff);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3) != 0, reader.GetString(4)));
                }
            }

            // The prefix of old records, shortened until no kept decision refers to a removed run.
            var end = rows.TakeWhile(r => r.Old).Count();
            var kept = new SortedSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var removedRuns = rows.Take(end).Where(r => r.Kind == "run").ToDictionary(r => r.Run!, r => r.Seq, StringComparer.Ordinal);
                var needed = rows.Skip(end).Where(r => r.Kind == "decision" && removedRuns.ContainsKey(r.Run!)).Select(r => r.Run!).Distinct().ToList();
                if (needed.Count == 0)
                {
                    break;
                }

                kept.UnionWith(needed);
                var first = needed.Min(id => removedRuns[id]);
                end = rows.FindIndex(r => r.Seq == first);
            }

            if (end == 0)
            {
                outcome = new PruneOutcome(0, 0, null, [.. kept]);
                return [];
            }

            var last = rows[end - 1];
            using (var permit = Command("INSERT INTO audit_prune_permit (id) VALUES (1)"))
            {
                permit.ExecuteNonQuery();
            }

            using (var delete = Command("DELETE FROM audit_records WHERE seq <= $last"))
            {
                delete.Parameters.AddWithValue("$last", last.Seq);
                delete.ExecuteNonQuery();
            }

            using (var unpermit = Command("DELETE FROM audit_prune_permit"))
            {
                unpermit.ExecuteNonQuery();
            }

            var content = JsonSerializer.Serialize(new PruneAnchor(last.Seq, last.Hash, before, end, operatorId), Compact);
            var anchor = Append("prune", null, null, content, continueAfter: (last.Seq, last.Hash));
            outcome = new PruneOutcome(end, last.Seq, anchor, [.. kept]);
            return [anchor];
        });
        return LoadResult<PruneOutcome>.Success(outcome!);
    }
}

/// <summary>The anchor a prune leaves: the chain resumes after record <c>PrunedThrough</c>, whose hash was <c>LastPrunedHash</c>.</summary>
internal sealed record PruneAnchor(long PrunedThrough, string LastPrunedHash, DateOnly Before, long Removed, string Operator);
