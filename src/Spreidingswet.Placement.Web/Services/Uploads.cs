using System.IO.Compression;
using System.Security.Cryptography;
using Spreidingswet.Placement.Geography;
using Spreidingswet.Placement.Inputs;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Web.Services;

/// <summary>The files of a situation upload (form or API): youths.csv + locations.csv (+ isk_seats.csv, targets.csv), or one problem JSON.</summary>
public sealed record SituationFiles(IFormFile? Youths, IFormFile? Locations, IFormFile? IskSeats, IFormFile? Targets, IFormFile? Problem);

/// <summary>One uploaded region layer: GeoJSON, GeoPackage, or a Shapefile as a .zip of its .shp/.shx/.dbf (and .prj, .cpg).</summary>
public sealed record LayerUpload(RegionRole Role, IFormFile File)
{
    public string? CodeProperty { get; init; }

    public string? NameProperty { get; init; }

    /// <summary>The layer (table) in a GeoPackage with several.</summary>
    public string? Layer { get; init; }

    /// <summary>The CRS when the file does not state it (EPSG:28992, EPSG:4326, ...).</summary>
    public string? Crs { get; init; }
}

/// <summary>What an upload gave: the errors (file names only, never a server path) or the loaded result.</summary>
public sealed record UploadOutcome(IReadOnlyList<InputError> Errors, IReadOnlyList<string> Warnings)
{
    public bool Ok => Errors.Count == 0;
}

/// <summary>
/// Reads uploads with the library's readers and, only when every file is valid, makes them current:
/// the situation (<see cref="ProblemReader"/>, from a private temporary folder that is always deleted)
/// or region layers (<see cref="RegionMap.Load"/>, kept in the data directory's <c>layers/</c> under the
/// SHA-256 of their contents so that the runs that record them can load them again). Nothing is kept
/// from an invalid upload.
/// </summary>
public sealed class Uploads(Situation situation) : IDisposable
{
    /// <summary>The most bytes one upload request may carry (all files together).</summary>
    public const long MaxRequestBytes = 64L * 1024 * 1024;

    /// <summary>The most bytes the files in a shapefile .zip may unpack to, and the most entries it may have.</summary>
    public const long MaxUnpackedBytes = 256L * 1024 * 1024;

    private const int MaxZipEntries = 16;

    private static readonly string[] ShapefileParts = [".shp", ".shx", ".dbf", ".prj", ".cpg"];

    private readonly SemaphoreSlim _layersGate = new(1, 1);

    /// <summary>Where uploaded layers are kept: the situation's <see cref="Situation.LayersRoot"/>.</summary>
    public string LayersRoot { get; } = situation.LayersRoot ?? throw new ArgumentException("The situation has no folder for uploaded layers (Situation.LayersRoot).", nameof(situation));

    public void Dispose() => _layersGate.Dispose();

    /// <summary>Reads a situation upload; when it is valid it becomes the current situation.</summary>
    public async Task<UploadOutcome> ReplaceSituationAsync(SituationFiles files, string by, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(files);
        var folder = Directory.CreateTempSubdirectory("placement-upload-");
        try
        {
            async Task<string?> Save(IFormFile? file, string name)
            {
                if (file is null || file.Length == 0)
                {
                    return null;
                }

                var path = Path.Combine(folder.FullName, name);
                await using var target = File.Create(path);
                await file.CopyToAsync(target, cancellation);
                return path;
            }

            LoadResult<PlacementProblem> read;
            string source;
            if (files.Problem is { Length: > 0 } && files.Youths is null && files.Locations is null)
            {
                read = ProblemReader.ReadJson((await Save(files.Problem, "problem.json"))!);
                source = "problem.json";
            }
            else if (files.Youths is { Length: > 0 } && files.Locations is { Length: > 0 } && files.Problem is null)
            {
                var problemFiles = new ProblemFiles((await Save(files.Youths, "youths.csv"))!, (await Save(files.Locations, "locations.csv"))!)
                {
                    IskSeats = await Save(files.IskSeats, "isk_seats.csv"),
                    Targets = await Save(files.Targets, "targets.csv"),
                };
                read = ProblemReader.Read(problemFiles);
                source = string.Join(", ", new[] { "youths.csv", "locations.csv", problemFiles.IskSeats is null ? null : "isk_seats.csv", problemFiles.Targets is null ? null : "targets.csv" }.OfType<string>());
            }
            else
            {
                return new UploadOutcome([new InputError("upload", 0, "files", null, "give youths.csv and locations.csv (and optionally isk_seats.csv, targets.csv), or one problem JSON.")], []);
            }

            if (read.Value is not { } loaded || read.Errors.Count > 0)
            {
                // File names only: never the temporary folder.
                return new UploadOutcome([.. read.Errors.Select(e => e with { File = Path.GetFileName(e.File) })], []);
            }

            situation.Replace(loaded, source, by);
            return new UploadOutcome([], [.. read.Warnings]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The error for a multipart form that cannot be read.</summary>
    public static readonly InputError UnreadableForm = new("upload", 0, "form", null, "the multipart form cannot be read (empty, cut off, or over the size limit of 64 MiB).");

    private static readonly Microsoft.AspNetCore.Http.Features.FormOptions FormLimits = new() { MultipartBodyLengthLimit = MaxRequestBytes };

    /// <summary>The request's multipart form within <see cref="MaxRequestBytes"/>; null when it cannot be read (then <see cref="UnreadableForm"/>).</summary>
    public static async Task<IFormCollection?> ReadFormAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await request.ReadFormAsync(FormLimits, request.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or BadHttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The layer files of a form (page or API): per role a file named <c>municipalities</c>, <c>provinces</c> or <c>education-regions</c>, with <c>ROLE.code</c>, <c>.name</c>, <c>.layer</c>, <c>.crs</c>.</summary>
    public static List<LayerUpload> LayersFrom(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return [.. Enum.GetValues<RegionRole>().Select(role => (Role: role, Name: Role(role))).Where(r => form.Files.GetFile(r.Name) is not null)
            .Select(r => new LayerUpload(r.Role, form.Files.GetFile(r.Name)!)
            {
                CodeProperty = form[r.Name + ".code"], NameProperty = form[r.Name + ".name"], Layer = form[r.Name + ".layer"], Crs = form[r.Name + ".crs"],
            })];
    }

    /// <summary>The most bytes of a forecast file (page upload or the API's <c>forecastCsv</c>).</summary>
    public const int MaxForecastBytes = 1024 * 1024;

    /// <summary>
    /// Reads a forecast CSV (the page's file or the API's text) with the library's <see cref="ForecastReader"/>
    /// against the current layers' education regions, from a private temporary file that is always deleted;
    /// errors name <c>forecast.csv</c>, the line, the field and the value.
    /// </summary>
    public async Task<(DemandForecast? Forecast, IReadOnlyList<InputError> Errors)> ReadForecastAsync(Stream content, long length, string name, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length > MaxForecastBytes)
        {
            return (null, [new InputError(name, 0, "forecast", null, $"is larger than {MaxForecastBytes / 1024} KiB, the limit for a forecast.")]);
        }

        var folder = Directory.CreateTempSubdirectory("placement-forecast-");
        try
        {
            var path = Path.Combine(folder.FullName, "forecast.csv");
            await using (var target = File.Create(path))
            {
                await content.CopyToAsync(target, cancellation);
            }

            var read = ForecastReader.Read(path, situation.Geography);
            return read.Value is { } forecast && read.Errors.Count == 0
                ? (forecast with { File = name }, [])
                : (null, [.. read.Errors.Select(e => e with { File = name })]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Reads uploaded region layers (one to three roles; the others stay embedded); when every one loads
    /// they become the layers new proposals use. Errors name the uploaded file, the field and the value.
    /// </summary>
    public async Task<UploadOutcome> ReplaceLayersAsync(IReadOnlyList<LayerUpload> layers, string by, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var given = layers.Where(l => l.File is { Length: > 0 }).ToList();
        if (given.Count == 0 || given.GroupBy(l => l.Role).Any(g => g.Count() > 1))
        {
            return new UploadOutcome([new InputError("upload", 0, "layers", null, "give one file per region layer (municipalities, provinces, education regions): at least one, each at most once.")], []);
        }

        var tooLong = given.SelectMany(l => new[] { ("code", l.CodeProperty, 64), ("name", l.NameProperty, 64), ("layer", l.Layer, 256), ("crs", l.Crs, 4096) }
                .Where(f => f.Item2?.Length > f.Item3)
                .Select(f => new InputError(Path.GetFileName(l.File.FileName), 0, $"{Role(l.Role)}.{f.Item1}", f.Item2![..32] + "...", $"is longer than {f.Item3} characters.")))
            .ToList();
        if (tooLong.Count > 0)
        {
            return new UploadOutcome(tooLong, []);
        }

        Directory.CreateDirectory(LayersRoot);
        var incoming = Directory.CreateDirectory(Path.Combine(LayersRoot, ".incoming-" + Guid.NewGuid().ToString("N")));
        var errors = new List<InputError>();
        var saved = new List<(LayerUpload Upload, string Name)>();
        try
        {
            foreach (var upload in given)
            {
                if (await SaveLayerAsync(upload, incoming.FullName, errors, cancellation) is { } name)
                {
                    saved.Add((upload, name));
                }
            }

            if (errors.Count > 0)
            {
                return new UploadOutcome(errors, []);
            }

            await _layersGate.WaitAsync(cancellation);
            try
            {
                var final = Path.Combine(LayersRoot, ContentHash(incoming.FullName));
                var created = !Directory.Exists(final);
                if (created)
                {
                    Directory.Move(incoming.FullName, final);
                }

                var options = new GeographyOptions
                {
                    Municipalities = Source(RegionRole.Municipality),
                    Provinces = Source(RegionRole.Province),
                    EducationRegions = Source(RegionRole.EducationRegion),
                };
                LoadResult<RegionMap> loaded;
                try
                {
                    loaded = RegionMap.Load(options);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A reader's unforeseen failure (a topology the union cannot build, say) is the file's error too.
                    loaded = LoadResult<RegionMap>.Failure([new InputError(saved[0].Name, 0, "layers", null, $"cannot be read as region layers: {ex.Message}", "Maybe the file is damaged, or a layer of another kind?")]);
                }

                if (loaded.Value is not { } map)
                {
                    if (created && !InUse(final))
                    {
                        Directory.Delete(final, recursive: true);
                    }

                    return new UploadOutcome([.. loaded.Errors.Select(e => Named(e, saved, final))], [.. loaded.Warnings.Select(w => Clean(w, saved, final))]);
                }

                situation.ReplaceLayers(map, options, string.Join(", ", saved.Select(s => $"{Role(s.Upload.Role)}: {Path.GetFileName(s.Upload.File.FileName)}")), by);
                return new UploadOutcome([], [.. loaded.Warnings.Select(w => Clean(w, saved, final))]);

                RegionLayerSource? Source(RegionRole role) => saved.FirstOrDefault(s => s.Upload.Role == role) is { Upload: { } u, Name: { } n }
                    ? new RegionLayerSource(Path.Combine(final, n))
                    {
                        CodeProperty = string.IsNullOrWhiteSpace(u.CodeProperty) ? "statcode" : u.CodeProperty.Trim(),
                        NameProperty = string.IsNullOrWhiteSpace(u.NameProperty) ? "statnaam" : u.NameProperty.Trim(),
                        Layer = string.IsNullOrWhiteSpace(u.Layer) ? null : u.Layer.Trim(),
                        Crs = string.IsNullOrWhiteSpace(u.Crs) ? null : u.Crs.Trim(),
                    }
                    : null;
            }
            finally
            {
                _layersGate.Release();
            }
        }
        finally
        {
            if (Directory.Exists(incoming.FullName))
            {
                incoming.Delete(recursive: true);
            }
        }
    }

    /// <summary>The form and API name of a role's layer.</summary>
    public static string Role(RegionRole role) => role switch
    {
        RegionRole.Municipality => "municipalities",
        RegionRole.Province => "provinces",
        _ => "education-regions",
    };

    private bool InUse(string folder) => situation.Layers.Options is { } o
        && new[] { o.Municipalities, o.Provinces, o.EducationRegions }.Any(s => s?.Path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) == true);

    /// <summary>Saves one layer as <c>role.ext</c> (a shapefile .zip unpacked to <c>role.shp</c> and its parts); null with an error when refused.</summary>
    private static async Task<string?> SaveLayerAsync(LayerUpload upload, string folder, List<InputError> errors, CancellationToken cancellation)
    {
        var uploaded = Path.GetFileName(upload.File.FileName);
        var role = Role(upload.Role);
        var ext = Path.GetExtension(uploaded).ToLowerInvariant();
        if (ext is ".geojson" or ".json" or ".gpkg")
        {
            var name = role + ext;
            await using var target = File.Create(Path.Combine(folder, name));
            await upload.File.CopyToAsync(target, cancellation);
            return name;
        }

        if (ext != ".zip")
        {
            errors.Add(new InputError(uploaded, 0, role, ext, "is not a supported layer format.", "Use GeoJSON (.geojson/.json), GeoPackage (.gpkg) or a Shapefile as a .zip of its .shp, .shx and .dbf (and .prj)."));
            return null;
        }

        try
        {
            await using var stream = upload.File.OpenReadStream();
            if (ZipEntryCount(stream) is not (>= 0 and <= MaxZipEntries) and var count)
            {
                errors.Add(new InputError(uploaded, 0, role, count < 0 ? null : count.ToString(System.Globalization.CultureInfo.InvariantCulture), count < 0
                    ? "is not a readable .zip: no end of its central directory."
                    : $"has more than {MaxZipEntries} entries; a shapefile .zip holds only its .shp, .shx, .dbf, .prj and .cpg."));
                return null;
            }

            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxZipEntries)
            {
                errors.Add(new InputError(uploaded, 0, role, zip.Entries.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"has more than {MaxZipEntries} entries; a shapefile .zip holds only its .shp, .shx, .dbf, .prj and .cpg."));
                return null;
            }

            var parts = zip.Entries.Where(e => e.Name.Length > 0 && ShapefileParts.Contains(Path.GetExtension(e.Name).ToLowerInvariant())).ToList();
            var shp = parts.Where(e => Path.GetExtension(e.Name).Equals(".shp", StringComparison.OrdinalIgnoreCase)).ToList();
            if (shp.Count != 1)
            {
                errors.Add(new InputError(uploaded, 0, role, shp.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "must hold exactly one .shp (with its .shx and .dbf)."));
                return null;
            }

            long total = 0;
            foreach (var entry in parts.Where(e => Path.GetFileNameWithoutExtension(e.Name).Equals(Path.GetFileNameWithoutExtension(shp[0].Name), StringComparison.OrdinalIgnoreCase)))
            {
                // The declared size is only a claim: the copy counts what really comes out.
                var name = role + Path.GetExtension(entry.Name).ToLowerInvariant();
                await using var source = entry.Open();
                await using var target = File.Create(Path.Combine(folder, name));
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
                {
                    total += read;
                    if (total > MaxUnpackedBytes)
                    {
                        errors.Add(new InputError(uploaded, 0, role, entry.Name, $"unpacks to more than {MaxUnpackedBytes / (1024 * 1024)} MiB, the limit for an uploaded shapefile."));
                        return null;
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellation);
                }
            }

            return role + ".shp";
        }
        catch (InvalidDataException ex)
        {
            errors.Add(new InputError(uploaded, 0, role, null, $"is not a readable .zip: {ex.Message}"));
            return null;
        }
    }

    /// <summary>
    /// The entry count in a .zip's end-of-central-directory record, read before the archive is opened
    /// (opening reads the whole directory: a small file can declare a very large one); -1 when there is
    /// none. A Zip64 archive declares 0xFFFF here, which is over the limit as it should be.
    /// </summary>
    private static int ZipEntryCount(Stream stream)
    {
        const int record = 22;
        var tail = (int)Math.Min(stream.Length, record + ushort.MaxValue);
        var buffer = new byte[tail];
        stream.Seek(-tail, SeekOrigin.End);
        stream.ReadExactly(buffer);
        stream.Seek(0, SeekOrigin.Begin);
        for (var i = tail - record; i >= 0; i--)
        {
            if (buffer[i] == 0x50 && buffer[i + 1] == 0x4b && buffer[i + 2] == 0x05 && buffer[i + 3] == 0x06)
            {
                return buffer[i + 10] | (buffer[i + 11] << 8);
            }
        }

        return -1;
    }

    /// <summary>The SHA-256 of the folder's files (names and contents, in name order), as 64 hex digits.</summary>
    private static string ContentHash(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            using var stream = File.OpenRead(file);
            hash.AppendData(SHA256.HashData(stream));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The error with the uploaded file's name for the saved file's path (in every part), and the role's form name for the CLI option.</summary>
    private static InputError Named(InputError e, List<(LayerUpload Upload, string Name)> saved, string folder)
    {
        var match = saved.FirstOrDefault(s => Path.GetFileNameWithoutExtension(e.File) == Path.GetFileNameWithoutExtension(s.Name));
        var file = match.Upload is { } u ? Path.GetFileName(u.File.FileName) : Path.GetFileName(e.File);
        return e with
        {
            File = file,
            Field = e.Field?.TrimStart('-'),
            Value = e.Value is null ? null : Clean(e.Value, saved, folder),
            Message = Clean(e.Message, saved, folder),
            Hint = e.Hint is null ? null : Clean(e.Hint, saved, folder),
        };
    }

    /// <summary>A message or warning with every stored file's path replaced by the uploaded file's name: never a server path.</summary>
    private static string Clean(string text, List<(LayerUpload Upload, string Name)> saved, string folder)
    {
        foreach (var (upload, name) in saved)
        {
            var stem = Path.Combine(folder, Path.GetFileNameWithoutExtension(name));
            foreach (var ext in ShapefileParts.Append(Path.GetExtension(name)).Distinct(StringComparer.Ordinal))
            {
                text = text.Replace(stem + ext, Path.GetFileName(upload.File.FileName), StringComparison.Ordinal);
            }
        }

        return text.Replace(folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal).Replace(folder, "", StringComparison.Ordinal);
    }
}
