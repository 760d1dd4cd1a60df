namespace Spreidingswet.Placement.Solving.Flow;

/// <summary>
/// The relaxation's solution: flow per arc, reduced costs and node potentials per tier group, and
/// tier group values (scaled). Every residual arc's reduced-cost vector is lexicographically >= 0.
/// </summary>
internal sealed record FlowResult(long[] Flow, long[][] ReducedCost, long[][] Potential, long[] ScaledValues);
