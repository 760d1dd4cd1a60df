using System.Globalization;

namespace Spreidingswet.Placement.Peers;

/// <summary>Relation of a linear constraint.</summary>
internal enum LpRelation
{
    LessOrEqual,
    GreaterOrEqual,
    Equal,
}

/// <summary>One linear constraint: sum of coefficient x variable, relation, right-hand side.</summary>
internal sealed record LpConstraint(string Name, int[] Variables, long[] Coefficients, LpRelation Relation, long RightHandSide);

/// <summary>
/// An integer linear model read from a CPLEX LP file: the subset that <c>--export-model</c> writes
/// (and most hand-written LP files use): one objective, linear constraints, bounds, general and
/// binary sections. Coefficients and bounds must be integers (CP-SAT needs them); continuous
/// variables are an error.
/// </summary>
internal sealed class LpModel
{
    /// <summary>Upper bound given to an integer variable that has none (CP-SAT needs a finite domain).</summary>
    public const long DefaultUpperBound = int.MaxValue;

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public List<string> Names { get; } = [];

    public List<long> Lower { get; } = [];

    public List<long> Upper { get; } = [];

    public List<bool> IsInteger { get; } = [];

    public bool Maximize { get; private set; }

    public int[] ObjectiveVariables { get; private set; } = [];

    public long[] ObjectiveCoefficients { get; private set; } = [];

    public List<LpConstraint> Constraints { get; } = [];

    public int VariableCount => Names.Count;

    /// <summary>Reads an LP file; throws <see cref="FormatException"/> naming the line on anything outside the subset.</summary>
    public static LpModel Read(string path)
    {
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads LP text from a reader (the name is only used in error messages).</summary>
    public static LpModel Read(TextReader reader, string name)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var model = new LpModel();
        var section = Section.None;
        var pending = new Expression();
        var lineNumber = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            var comment = line.IndexOf('\\', StringComparison.Ordinal);
            var text = (comment >= 0 ? line[..comment] : line).Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (SectionOf(text) is { } next)
            {
                model.Finish(section, pending, name, lineNumber);
                pending = new Expression();
                section = next;
                if (next == Section.End)
                {
                    break;
                }

                if (next is Section.Minimize or Section.Maximize)
                {
                    model.Maximize = next == Section.Maximize;
                }

                continue;
            }

            var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            try
            {
                switch (section)
                {
                    case Section.Minimize or Section.Maximize:
                        model.ReadTerms(tokens, pending, allowRelation: false);
                        break;
                    case Section.Constraints:
                        model.ReadTerms(tokens, pending, allowRelation: true);
                        break;
                    case Section.Bounds:
                        model.ReadBound(tokens);
                        break;
                    case Section.General or Section.Binary:
                        foreach (var token in tokens)
                        {
                            var v = model.Variable(token);
                            model.IsInteger[v] = true;
                            if (section == Section.Binary)
                            {
                                model.Lower[v] = 0;
                                model.Upper[v] = 1;
                            }
                        }

                        break;
                    default:
                        throw new FormatException("text before the objective section.");
                }
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{name}:{lineNumber}: {ex.Message} Line: '{text}'", ex);
            }
        }

        model.Finish(section, pending, name, lineNumber);
        var continuous = model.IsInteger.IndexOf(false);
        if (continuous >= 0)
        {
            throw new FormatException($"{name}: variable '{model.Names[continuous]}' is continuous; CP-SAT needs every variable integer (list it under General or Binary).");
        }

        return model;
    }

    private enum Section
    {
        None,
        Minimize,
        Maximize,
        Constraints,
        Bounds,
        General,
        Binary,
        End,
    }

    private static Section? SectionOf(string text) => text.ToLowerInvariant() switch
    {
        "minimize" or "minimise" or "minimum" or "min" => Section.Minimize,
        "maximize" or "maximise" or "maximum" or "max" => Section.Maximize,
        "subject to" or "such that" or "st" or "s.t." or "st." => Section.Constraints,
        "bounds" or "bound" => Section.Bounds,
        "general" or "generals" or "gen" or "integer" or "integers" => Section.General,
        "binary" or "binaries" or "bin" => Section.Binary,
        "end" => Section.End,
        _ => null,
    };

    /// <summary>An expression being read; in the constraint section it ends with a relation and a right-hand side.</summary>
    private sealed class Expression
    {
        public string? Name { get; set; }

        public List<int> Variables { get; } = [];

        public List<long> Coefficients { get; } = [];

        public int Sign { get; set; } = 1;

        public long? Coefficient { get; set; }

        public LpRelation? Relation { get; set; }

        public bool IsEmpty => Name is null && Variables.Count == 0 && Relation is null;
    }

    private void ReadTerms(string[] tokens, Expression e, bool allowRelation)
    {
        foreach (var raw in tokens)
        {
            var token = raw;
            if (e.Relation is not null)
            {
                // Right-hand side: a sign and a number, possibly as two tokens.
                if (token is "+" or "-")
                {
                    e.Sign = token == "-" ? -e.Sign : e.Sign;
                    continue;
                }

                var rhs = checked(e.Sign * Integer(token));
                Constraints.Add(new LpConstraint(e.Name ?? $"c{Constraints.Count}", [.. e.Variables], [.. e.Coefficients], e.Relation.Value, rhs));
                e.Name = null;
                e.Variables.Clear();
                e.Coefficients.Clear();
                e.Relation = null;
                e.Sign = 1;
                continue;
            }

            if (token.EndsWith(':') && e.Variables.Count == 0 && e.Coefficient is null)
            {
                e.Name = token[..^1];
                continue;
            }

            if (allowRelation && RelationOf(token) is { } relation)
            {
                if (e.Coefficient is not null)
                {
                    throw new FormatException("a constant on the left-hand side is not supported.");
                }

                e.Relation = relation;
                e.Sign = 1;
                continue;
            }

            switch (token)
            {
                case "+":
                    continue;
                case "-":
                    e.Sign = -e.Sign;
                    continue;
            }

            if (IsNumber(token))
            {
                e.Coefficient = Integer(token);
                continue;
            }

            e.Variables.Add(Variable(token));
            e.Coefficients.Add(checked(e.Sign * (e.Coefficient ?? 1)));
            e.Sign = 1;
            e.Coefficient = null;
        }
    }

    private void Finish(Section section, Expression e, string name, int line)
    {
        if (section is Section.Minimize or Section.Maximize)
        {
            ObjectiveVariables = [.. e.Variables];
            ObjectiveCoefficients = [.. e.Coefficients];
        }
        else if (section == Section.Constraints && (e.Variables.Count > 0 || e.Relation is not null))
        {
            throw new FormatException($"{name}:{line}: the last constraint has no relation or right-hand side.");
        }
    }

    private void ReadBound(string[] t)
    {
        if (t.Length == 2 && t[1].Equals("free", StringComparison.OrdinalIgnoreCase))
        {
            var v = Variable(t[0]);
            Lower[v] = long.MinValue;
            Upper[v] = long.MaxValue;
        }
        else if (t.Length == 5 && RelationOf(t[1]) == LpRelation.LessOrEqual && RelationOf(t[3]) == LpRelation.LessOrEqual)
        {
            var v = Variable(t[2]);
            Lower[v] = Bound(t[0]);
            Upper[v] = Bound(t[4]);
        }
        else if (t.Length == 3 && RelationOf(t[1]) is { } relation)
        {
            var (variable, value, rel) = IsNumber(t[0]) || IsInfinity(t[0]) ? (t[2], t[0], Flip(relation)) : (t[0], t[2], relation);
            var v = Variable(variable);
            var bound = Bound(value);
            switch (rel)
            {
                case LpRelation.LessOrEqual:
                    Upper[v] = bound;
                    break;
                case LpRelation.GreaterOrEqual:
                    Lower[v] = bound;
                    break;
                default:
                    Lower[v] = bound;
                    Upper[v] = bound;
                    break;
            }
        }
        else
        {
            throw new FormatException("unsupported bound.");
        }
    }

    private static LpRelation Flip(LpRelation r) => r switch
    {
        LpRelation.LessOrEqual => LpRelation.GreaterOrEqual,
        LpRelation.GreaterOrEqual => LpRelation.LessOrEqual,
        _ => LpRelation.Equal,
    };

    private static LpRelation? RelationOf(string token) => token switch
    {
        "<=" or "=<" or "<" => LpRelation.LessOrEqual,
        ">=" or "=>" or ">" => LpRelation.GreaterOrEqual,
        "=" => LpRelation.Equal,
        _ => null,
    };

    private int Variable(string name)
    {
        if (_index.TryGetValue(name, out var v))
        {
            return v;
        }

        if (IsNumber(name) || RelationOf(name) is not null)
        {
            throw new FormatException($"'{name}' is not a variable name.");
        }

        v = Names.Count;
        _index.Add(name, v);
        Names.Add(name);
        Lower.Add(0);
        Upper.Add(DefaultUpperBound);
        IsInteger.Add(false);
        return v;
    }

    /// <summary>The index of a variable by name, or -1.</summary>
    public int IndexOf(string name) => _index.GetValueOrDefault(name, -1);

    private static bool IsNumber(string token) => token.Length > 0 && (char.IsAsciiDigit(token[0]) || (token.Length > 1 && token[0] is '-' or '+' or '.' && (char.IsAsciiDigit(token[1]) || token[1] == '.')));

    private static bool IsInfinity(string token) => token.TrimStart('+', '-').ToLowerInvariant() is "inf" or "infinity";

    private static long Bound(string token) => IsInfinity(token) ? (token[0] == '-' ? long.MinValue : long.MaxValue) : Integer(token);

    private static long Integer(string token)
    {
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Round(d) && Math.Abs(d) < 9e15)
        {
            return (long)d;
        }

        throw new FormatException($"'{token}' is not an integer (CP-SAT needs integer coefficients and bounds).");
    }
}
