namespace Spreidingswet.Placement.Tests.Support;

/// <summary>Paths to the repository and to the test fixtures inside it (the official 2025 layers among them).</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>
    /// The official 2025 layers (CBS/Kadaster, CC BY 4.0, generalised by cartomap/nl), committed as a
    /// test fixture under Fixtures/cbs-2025 so that the tests need nothing outside the repository.
    /// </summary>
    public static string ReferenceGeodata { get; } = Path.Combine(RepositoryRoot, "tests", "Spreidingswet.Placement.Tests", "Fixtures");

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
