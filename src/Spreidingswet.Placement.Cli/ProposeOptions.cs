using System.CommandLine;

namespace Spreidingswet.Placement.Cli;

/// <summary>The options of <c>placement propose</c> (documented in docs/cli.md) and the command that holds them.</summary>
internal sealed class ProposeOptions
{
    public ProposeOptions()
    {
        Policy.AcceptOnlyFromAmong("education-first", "weighted", "capacity-only");
        Language.AcceptOnlyFromAmong("en", "nl");
        Command = new Command("propose", "Make a placement proposal that keeps school-going youths in their education region wherever the hard rules allow.")
        {
            Youths, Locations, Problem, Demo, Policy, Weights, Forecast, PlanningDate, TimeLimit, Seed, IskSeats, Targets, Language, ExportModel, Force, Model, NoCompare, Output, Audit, NoAudit, AcceptBroken,
        };
        Views.AddTo(Command);
        Layers = new LayerOptions(Command);
    }

    public Command Command { get; }

    /// <summary>The views, stability and turning-18 options, added to <see cref="Command"/> after the options above.</summary>
    public ViewsCliOptions Views { get; } = new();

    /// <summary>The region layer options, added to <see cref="Command"/> after the views options.</summary>
    public LayerOptions Layers { get; }

    public Option<FileInfo> Youths { get; } = new("--youths") { Description = "youths.csv (see docs/formats.md for the columns).", HelpName = "FILE" };

    public Option<FileInfo> Locations { get; } = new("--locations") { Description = "locations.csv.", HelpName = "FILE" };

    public Option<FileInfo> Problem { get; } = new("--problem") { Description = "One JSON document with youths, locations and optional iskSeats/targets (see docs/formats.md).", HelpName = "FILE" };

    public Option<bool> Demo { get; } = new("--demo") { Description = "Use the built-in synthetic instance: a monthly batch of 500 arrivals plus the residents of five closing locations." };

    public Option<string> Policy { get; } = new("--policy") { Description = "education-first (default), weighted or capacity-only.", DefaultValueFactory = _ => "education-first" };

    public Option<FileInfo> Weights { get; } = new("--weights") { Description = "JSON file with weights (camelCase names as in docs/formats.md: the criteria weights and the views, stability and turning-18 weights); missing ones keep their defaults.", HelpName = "FILE" };

    public Option<FileInfo> Forecast { get; } = new("--forecast") { Description = "forecast.csv: education_region,week_start,school_going_arrivals (see docs/formats.md). Education-first and weighted hold beds per education region for the expected school-going arrivals; capacity-only ignores it.", HelpName = "FILE" };

    public Option<string> PlanningDate { get; } = new("--planning-date") { Description = "Planning date yyyy-mm-dd (ages, closures). Default: today; the demo uses 2026-12-01.", HelpName = "DATE" };

    public Option<double> TimeLimit { get; } = new("--time-limit") { Description = "Seconds the proposal should take, from validation to explanations (the solver gets what is left; the capacity-only comparison has its own).", DefaultValueFactory = _ => 60 };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed for tie-breaking.", DefaultValueFactory = _ => 1 };

    public Option<FileInfo> IskSeats { get; } = new("--isk-seats") { Description = "isk_seats.csv: region_code,seats.", HelpName = "FILE" };

    public Option<FileInfo> Targets { get; } = new("--targets") { Description = "targets.csv: code,target.", HelpName = "FILE" };

    public Option<string> Language { get; } = new("--lang") { Description = "Language of reasons: en or nl.", DefaultValueFactory = _ => "en" };

    public Option<FileInfo> ExportModel { get; } = new("--export-model") { Description = "Write the last tier's model (earlier tiers as constraints, all candidate arcs) in CPLEX LP format, and the engine's solution beside it (FILE.hint: the variables at 1).", HelpName = "FILE" };

    public Option<bool> Force { get; } = new("--force") { Description = "Allow --export-model for models over 20 million arcs." };

    public Option<FileInfo> Model { get; } = new("--model") { Description = "A learned school-continuity model (placement model train): adds the learnedContinuity criterion and the predicted probability per assignment.", HelpName = "FILE" };

    public Option<bool> NoCompare { get; } = new("--no-compare") { Description = "Skip the capacity-only comparison in report.html." };

    public Option<DirectoryInfo> Output { get; } = new("--out") { Description = "Folder for proposal.json, proposal.csv and report.html.", Required = true, HelpName = "DIR" };

    public Option<FileInfo> Audit { get; } = AuditOptions.File();

    public Option<bool> NoAudit { get; } = new("--no-audit") { Description = "Do not record this run in the audit log." };

    public Option<bool> AcceptBroken { get; } = AuditOptions.AcceptBroken();

}
