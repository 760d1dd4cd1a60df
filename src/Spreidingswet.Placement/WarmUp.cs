using System.Reflection;
using Microsoft.Extensions.Logging.Abstractions;
using Spreidingswet.Placement.Explaining;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;
using Spreidingswet.Placement.Solving;
using Spreidingswet.Placement.Solving.BranchAndBound;
using Spreidingswet.Placement.Solving.Flow;
using Spreidingswet.Placement.Solving.MinCostFlow;

namespace Spreidingswet.Placement;

/// <summary>
/// <see cref="PlacementEngine.WarmUp"/>: compiles the solve's and the explanations' code ahead of
/// the first real proposal, then runs a small generated proposal through every stage and drops it.
/// </summary>
internal static class WarmUp
{
    // The solve's and the explanations' code first, compiled without running it: a caller that
    // reads small input reaches the solve while a warm-up proposal would still be in its
    // candidates, compiling the same code at the same time.
    private static readonly Type[] CompileFirst =
    [
        typeof(Solver), typeof(LexicographicFlow), typeof(NetworkSimplex), typeof(MinCostFlows), typeof(FlowSkeleton),
        typeof(FlowBranchAndBound), typeof(ProposalBuilder), typeof(Explainer), typeof(Learning.Fairness),
    ];

    public static void Run(RegionMap geography, TimeProvider time, PlacementOptions? options)
    {
        foreach (var type in CompileFirst)
        {
            Compile(type);
        }

        var settings = new SyntheticSettings { Youths = 60, Locations = 6, Seed = 1, SiblingShare = 0.1, KeepApartShare = 0.05, PinShare = 0.05 };
        var problem = SyntheticGenerator.Generate(settings, geography);
        var warm = (options ?? new PlacementOptions()) with
        {
            PlanningDate = settings.PlanningDate, TimeLimit = TimeSpan.FromSeconds(10), ExportModel = null, Model = null,
        };
        PlacementTrace.Silently(() => new PlacementPipeline(geography, time, NullLogger.Instance).Propose(problem, warm, null, default));
    }

    /// <summary>JIT-compiles the non-generic methods of a type and of its nested types (lambdas, iterators).</summary>
    private static void Compile(Type type)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (!method.IsAbstract && !method.ContainsGenericParameters)
            {
                System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
            }
        }

        foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (!nested.ContainsGenericParameters)
            {
                Compile(nested);
            }
        }
    }
}
