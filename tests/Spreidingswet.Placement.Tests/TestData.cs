namespace Spreidingswet.Placement.Tests;

/// <summary>Paths to the repository and to the official reference geodata beside it (../shared/geodata).</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// The official 2025 layers used as reference. They are not part of the repository (licence and
    /// size); CI and developers have them in ../shared/geodata, or set PLACEMENT_REFERENCE_GEODATA.
    /// </summary>
    public static string ReferenceGeodata
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("PLACEMENT_REFERENCE_GEODATA");
            var dir = fromEnv ?? Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "geodata"));
            if (!File.Exists(Path.Combine(dir, "cbs-2025", "gemeente_2025_rd.geojson")))
            {
                throw new InvalidOperationException(
                    $"Reference geodata not found in {dir}. Put the official 2025 layers there (cbs-2025/*.geojson) or set PLACEMENT_REFERENCE_GEODATA.");
            }

            return dir;
        }
    }

    public static string Official(string file) => Path.Combine(ReferenceGeodata, "cbs-2025", file);

    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "placement-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Spreidingswet.Placement.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Tests must run inside the repository.");
    }
}
