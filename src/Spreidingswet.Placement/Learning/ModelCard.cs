using System.Globalization;
using System.Text;

namespace Spreidingswet.Placement.Learning;

/// <summary>The model card (markdown) of a continuity model.</summary>
internal static class ModelCard
{
    public static string Render(ContinuityModel model, string? fileName = null)
    {
        var m = model.Manifest;
        var e = m.Evaluation;
        var d = m.Defaults;
        var sb = new StringBuilder();
        void Line(FormattableString text) => sb.Append(text.ToString(CultureInfo.InvariantCulture)).Append('\n');

        Line($"# Model card: learned school-continuity score{(fileName is null ? "" : $" (`{fileName}`)")}");
        Line($"");
        if (m.Synthetic)
        {
            Line($"> **SYNTHETIC DATA.** This model was trained on a generated history, not on real placements. Its numbers show that the pipeline works; they say nothing about real young people. Do not use it for real decisions.");
            Line($"");
        }

        Line($"Predicts the probability that a young person's schooling continues after a placement (enrolled within 28 days), as an optional criterion of `placement propose --model`. Advice for a planner: a person decides.");
        Line($"");
        Line($"## Data");
        Line($"");
        Line($"- History file: `{m.HistoryFile}`, SHA-256 `{m.HistorySha256}`, {m.HistoryRows} placements{(m.Synthetic ? " (SYNTHETIC: its header says so)" : "")}.");
        Line($"- Split: {e.TrainRows} for training, {e.TestRows} held out (seeded shuffle, seed {m.Seed}); held-out share with schooling continued: {e.PositiveRate:0.000}.");
        foreach (var comment in m.HistoryComments)
        {
            Line($"  > {comment}");
        }

        Line($"");
        Line($"## Features");
        Line($"");
        Line($"| # | feature | source at proposal time |");
        Line($"|---:|---|---|");
        var sources = new[]
        {
            "age on the planning date", "care_level = intensive", "care_level = protected", "schooling_years (default below)",
            "months from arrived_on to the planning date (default below)", "earlier_moves (default below)", "youth has a school (school point or education_region)",
            "km from the location to the school (0 when not enrolled; default below when only the region is known)", "location in the school's education region",
            "isk_seats.csv seats of the location's education region (default below)", "type POL", "type KWV", "type KWE", "type NIDOS", "type BO", "any other type",
        };
        for (var i = 0; i < m.Features.Length; i++)
        {
            Line($"| {i} | `{m.Features[i]}` | {(i < sources.Length ? sources[i] : "")} |");
        }

        Line($"");
        Line($"## Excluded attributes");
        Line($"");
        Line($"Nationality, ethnicity, religion, language and gender are never features (gender is only an eligibility filter of the hard rules). Columns of this history excluded as protected: {(m.ExcludedProtected.Length == 0 ? "none present" : string.Join(", ", m.ExcludedProtected.Select(c => $"`{c}`")))}.");
        Line($"Other columns ignored: {(m.IgnoredColumns.Length == 0 ? "none" : string.Join(", ", m.IgnoredColumns.Select(c => $"`{c}`")))}. Dropping a column does not remove proxies: run the fairness report (`audit_group` in youths.csv) on real proposals.");
        Line($"");
        Line($"## Model");
        Line($"");
        Line($"{m.Trainer}; {m.Options.Trees} trees of at most {m.Options.Leaves} leaves, at least {m.Options.MinimumExamplesPerLeaf} placements per leaf, learning rate {m.Options.LearningRate}, seed {m.Seed}. Model file SHA-256 `{model.Sha256}`.");
        Line($"");
        Line($"## Metrics (held-out split)");
        Line($"");
        Line($"- AUC: **{e.Auc:0.0000}**");
        Line($"- Log loss: **{e.LogLoss:0.0000}** bits (always predicting the base rate: {e.BaselineLogLoss:0.0000})");
        Line($"- Direction checks (same held-out school-going placements, one feature changed): education region kept {e.MeanProbabilityRegionKept:0.000} vs broken {e.MeanProbabilityRegionBroken:0.000}; school 5 km away {e.MeanProbabilitySchool5Km:0.000} vs 50 km {e.MeanProbabilitySchool50Km:0.000}.");
        Line($"");
        Line($"Calibration:");
        Line($"");
        Line($"| predicted | placements | mean predicted | observed |");
        Line($"|---|---:|---:|---:|");
        foreach (var b in e.Calibration)
        {
            Line($"| {b.From:0.0}-{b.To:0.0} | {b.Count} | {b.MeanPredicted:0.000} | {b.Observed:0.000} |");
        }

        Line($"");
        Line($"## Defaults at proposal time");
        Line($"");
        Line($"Training medians, used when youths.csv leaves a column empty: `schooling_years` {d.SchoolingYears:0.#}; months in the Netherlands (`arrived_on`) {d.MonthsInNetherlands:0.#}; `earlier_moves` {d.EarlierMoves}; free ISK seats of a region without isk_seats.csv entry {d.IskSeatsFree:0.#}; school distance of a youth whose school is given only as `education_region`: {d.SchoolDistanceSameRegionKm:0.#} km inside that region, {d.SchoolDistanceOtherRegionKm:0.#} km outside.");
        Line($"");
        Line($"## Intended use");
        Line($"");
        Line($"One weighed criterion among others in a placement proposal: cost per placement = weight `learnedContinuity` x (1 - p), rounded to whole units (default weight 1000), in the weighted tier of `education-first` (after unplaced, education-region breaks and moves) and in the `weighted` policy; never in `capacity-only`. The proposal shows p per assignment and per alternative so that a planner can see and disregard it.");
        Line($"");
        Line($"## Limits");
        Line($"");
        Line($"- Trained on {(m.Synthetic ? "synthetic" : "historical")} data: it reflects the mechanism or practice that produced that data, not causal effects of a placement.");
        Line($"- Not for decisions about an individual on its own, not for anything but ranking placement options; not validated on real COA data.");
        Line($"- ISK seats are those free before the run (placements in the same run do not reduce them); distances are straight lines.");
        Line($"- Youths outside the training ranges (age, schooling, distance above {ContinuityFeatures.MaxDistanceKm:0} km is treated as {ContinuityFeatures.MaxDistanceKm:0} km) get extrapolated scores; missing youth data get the defaults above.");
        Line($"- Check outcomes per group with the fairness report; retrain when practice or ISK capacity changes.");
        return sb.ToString();
    }
}
