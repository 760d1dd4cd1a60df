using System.Reflection;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Spreidingswet.Placement.Tests.Support;

namespace Spreidingswet.Placement.Tests.Package;

/// <summary>
/// The package's public surface: no OR-Tools, NetTopologySuite, ML.NET or other implementation
/// dependency in a public or protected signature, sealed or static classes, XML docs on every member,
/// and the public API analyzer wired to its files.
/// </summary>
public sealed class PublicApiTests
{
    private static readonly Assembly Library = typeof(PlacementEngine).Assembly;

    /// <summary>Namespaces whose types must never appear in a public signature.</summary>
    private static readonly string[] Forbidden =
    [
        "Google.OrTools", "Google.Protobuf", "NetTopologySuite", "Microsoft.ML", "ProjNet", "CsvHelper", "YamlDotNet",
        "Microsoft.Data.Sqlite", "SQLitePCL",
    ];

    [Fact]
    public void PublicSurface_NoImplementationDependencyInAnySignature()
    {
        var leaks = Library.GetExportedTypes().SelectMany(Leaks).ToList();
        Assert.True(leaks.Count == 0, "Public signatures expose implementation types:\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void Leaks_TypeWithOrToolsNtsAndMlNetMembers_ReportsEachOne()
    {
        // The check above can fail: the same walk finds every kind of leak in a type made to leak.
        var leaks = Leaks(typeof(Leaky)).ToList();
        Assert.Contains(leaks, l => l.Contains("Shape", StringComparison.Ordinal) && l.Contains("NetTopologySuite.Geometries.Geometry", StringComparison.Ordinal));
        Assert.Contains(leaks, l => l.Contains("Models", StringComparison.Ordinal) && l.Contains("Google.OrTools.Sat.CpModel", StringComparison.Ordinal));
        Assert.Contains(leaks, l => l.Contains("Train", StringComparison.Ordinal) && l.Contains("Microsoft.ML.MLContext", StringComparison.Ordinal));
        Assert.Contains(leaks, l => l.Contains("Solve", StringComparison.Ordinal) && l.Contains("Google.OrTools.Sat.CpSolverStatus", StringComparison.Ordinal));
        Assert.Contains(leaks, l => l.Contains("base type", StringComparison.Ordinal) && l.Contains("NetTopologySuite.Geometries.GeometryFactory", StringComparison.Ordinal));
        Assert.DoesNotContain(leaks, l => l.Contains("Hidden", StringComparison.Ordinal));
    }

    [Fact]
    public void PublicClasses_AreSealedStaticOrAbstract()
    {
        var open = Library.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract)
            .Select(t => t.FullName)
            .ToList();
        Assert.True(open.Count == 0, "Public classes that are neither sealed, static nor abstract:\n" + string.Join("\n", open));
    }

    [Fact]
    public void PublicMembers_AllHaveXmlDocSummaries()
    {
        var xmlPath = Path.ChangeExtension(Library.Location, ".xml");
        Assert.True(File.Exists(xmlPath), $"{xmlPath} is missing: GenerateDocumentationFile must stay on.");
        var documented = XDocument.Load(xmlPath).Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value) || m.Element("inheritdoc") is not null)
            .Select(m => (string)m.Attribute("name")!)
            .ToHashSet(StringComparer.Ordinal);
        var ids = Library.GetExportedTypes().SelectMany(DocIds).ToList();
        Assert.True(ids.Count > 500, $"only {ids.Count} members found: the walk is broken");
        var missing = ids.Where(id => !documented.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "Public members without an XML <summary>:\n" + string.Join("\n", missing));
        Assert.Contains("M:Spreidingswet.Placement.PlacementEngine.Explain(Spreidingswet.Placement.Model.Proposal,Spreidingswet.Placement.Model.PlacementProblem,System.String,System.String,Spreidingswet.Placement.Model.Language)", documented);
    }

    [Fact]
    public void PublicApiAnalyzer_IsReferencedAndListsEveryPublicType()
    {
        var project = Path.Combine(TestData.RepositoryRoot, "src", "Spreidingswet.Placement");
        var csproj = File.ReadAllText(Path.Combine(project, "Spreidingswet.Placement.csproj"));
        Assert.Contains("Microsoft.CodeAnalysis.PublicApiAnalyzers", csproj, StringComparison.Ordinal);
        Assert.Contains("<AdditionalFiles Include=\"PublicAPI.Shipped.txt\" />", csproj, StringComparison.Ordinal);
        Assert.Contains("<AdditionalFiles Include=\"PublicAPI.Unshipped.txt\" />", csproj, StringComparison.Ordinal);
        var declared = File.ReadAllLines(Path.Combine(project, "PublicAPI.Shipped.txt"))
            .Concat(File.ReadAllLines(Path.Combine(project, "PublicAPI.Unshipped.txt")))
            .ToList();
        var props = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "Directory.Build.props"));
        Assert.Contains("<TreatWarningsAsErrors>true</TreatWarningsAsErrors>", props, StringComparison.Ordinal);
        // Neither missing docs (CS1591) nor an undeclared or removed API (RS0016, RS0017) may be silenced.
        var silenced = string.Join(";", new[] { props, csproj }.SelectMany(x => XDocument.Parse(x).Descendants())
            .Where(e => e.Name.LocalName is "NoWarn" or "WarningsNotAsErrors").Select(e => e.Value));
        Assert.DoesNotContain("CS1591", silenced, StringComparison.Ordinal);
        Assert.DoesNotContain("RS0016", silenced, StringComparison.Ordinal);
        Assert.DoesNotContain("RS0017", silenced, StringComparison.Ordinal);
        var undeclared = Library.GetExportedTypes()
            .Select(t => t.FullName!.Replace('+', '.'))
            .Select(n => n.Contains('`', StringComparison.Ordinal) ? n[..n.IndexOf('`', StringComparison.Ordinal)] + "<T>" : n)
            .Where(n => !declared.Any(line => line.StartsWith(n, StringComparison.Ordinal) || line.Contains(" " + n, StringComparison.Ordinal)))
            .ToList();
        Assert.True(undeclared.Count == 0, "Public types missing from PublicAPI.*.txt:\n" + string.Join("\n", undeclared));
    }

    /// <summary>Every forbidden type in the public or protected signature of a type, as "Type.Member: Forbidden".</summary>
    private static IEnumerable<string> Leaks(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        IEnumerable<string> Check(string where, IEnumerable<Type> types) =>
            types.SelectMany(Expand).Where(IsForbidden).Select(t => $"{type.FullName}.{where}: {t.FullName}").Distinct();

        if (type.BaseType is { } b)
        {
            foreach (var l in Check("base type", [b]))
            {
                yield return l;
            }
        }

        foreach (var l in Check("interfaces", type.GetInterfaces()))
        {
            yield return l;
        }

        foreach (var l in Check("generic constraints", type.IsGenericTypeDefinition ? type.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints()) : []))
        {
            yield return l;
        }

        foreach (var member in type.GetMembers(All))
        {
            var types = member switch
            {
                FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly => [f.FieldType],
                PropertyInfo p when Visible(p.GetMethod) || Visible(p.SetMethod) => [p.PropertyType, .. p.GetIndexParameters().Select(x => x.ParameterType)],
                EventInfo e when Visible(e.AddMethod) => [e.EventHandlerType!],
                MethodInfo m when Visible(m) => [m.ReturnType, .. m.GetParameters().Select(x => x.ParameterType),
                    .. m.IsGenericMethodDefinition ? m.GetGenericArguments().SelectMany(a => a.GetGenericParameterConstraints()) : []],
                ConstructorInfo c when Visible(c) => c.GetParameters().Select(x => x.ParameterType),
                _ => Array.Empty<Type>(),
            };
            foreach (var l in Check(member.Name, types))
            {
                yield return l;
            }
        }
    }

    private static bool Visible(MethodBase? method) => method is not null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

    /// <summary>A type and every type it is built from (generic arguments, element types).</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!))
            {
                yield return t;
            }
        }

        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }

    private static bool IsForbidden(Type type) =>
        !type.IsGenericParameter && type.Namespace is { } ns && Forbidden.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal));

    /// <summary>The XML documentation ids of a type and of its members that a user sees (compiler-generated members aside).</summary>
    private static IEnumerable<string> DocIds(Type type)
    {
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        yield return "T:" + Name(type);
        foreach (var member in type.GetMembers(Declared))
        {
            if (member.IsDefined(typeof(CompilerGeneratedAttribute)) || member is Type)
            {
                continue;
            }

            switch (member)
            {
                case FieldInfo f when (f.IsPublic || f.IsFamily) && !f.IsSpecialName:
                    yield return $"F:{Name(type)}.{f.Name}";
                    break;
                case PropertyInfo p when Visible(p.GetMethod) || Visible(p.SetMethod):
                    if (p.GetMethod?.IsDefined(typeof(CompilerGeneratedAttribute)) == true && p.Name == "EqualityContract")
                    {
                        break;
                    }

                    yield return $"P:{Name(type)}.{p.Name}" + Parameters(p.GetIndexParameters());
                    break;
                case MethodInfo m when Visible(m) && !m.IsSpecialName:
                    yield return $"M:{Name(type)}.{m.Name}{(m.IsGenericMethod ? "``" + m.GetGenericArguments().Length : "")}" + Parameters(m.GetParameters());
                    break;
                case ConstructorInfo c when Visible(c) && c.GetParameters().Length > 0 && !type.IsAbstract:
                    // Parameterless constructors of records with init-only properties are implicit.
                    yield return $"M:{Name(type)}.#ctor" + Parameters(c.GetParameters());
                    break;
            }
        }
    }

    private static string Name(Type t) => (t.IsGenericType ? t.GetGenericTypeDefinition().FullName! : t.FullName!).Replace('+', '.');

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => DocType(p.ParameterType))) + ")";

    private static string DocType(Type t)
    {
        if (t.IsByRef)
        {
            return DocType(t.GetElementType()!) + "@";
        }

        if (t.IsArray)
        {
            return DocType(t.GetElementType()!) + "[]";
        }

        if (t.IsGenericParameter)
        {
            return (t.DeclaringMethod is null ? "`" : "``") + t.GenericParameterPosition;
        }

        if (t.IsGenericType)
        {
            var name = t.GetGenericTypeDefinition().FullName!;
            return name[..name.IndexOf('`', StringComparison.Ordinal)].Replace('+', '.') + "{" + string.Join(",", t.GetGenericArguments().Select(DocType)) + "}";
        }

        return t.FullName!.Replace('+', '.');
    }

#pragma warning disable CA1034, CA1822, CA1002, CA1024 // a type made to leak, only for the check above
    public sealed class Leaky : NetTopologySuite.Geometries.GeometryFactory
    {
        public NetTopologySuite.Geometries.Geometry? Shape { get; init; }

        public List<Google.OrTools.Sat.CpModel> Models { get; } = [];

        public void Train(Microsoft.ML.MLContext context) => ArgumentNullException.ThrowIfNull(context);

        public Google.OrTools.Sat.CpSolverStatus[] Solve() => [];

        internal Microsoft.ML.MLContext? Hidden { get; init; }
    }
#pragma warning restore CA1034, CA1822, CA1002, CA1024
}
