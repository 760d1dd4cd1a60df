using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Spreidingswet.Placement.Model;

namespace Spreidingswet.Placement.Outputs;

/// <summary>
/// The output folder of one run (<c>--out</c>), written as one set: every file goes into a fresh hidden
/// folder beside it (<c>.NAME.PID.GUID.tmp</c>), is flushed to disk, and the folder is then swapped in
/// with one rename. If <c>--out</c> already holds a previous run's files, the two folders are
/// exchanged atomically (Linux <c>renameat2(RENAME_EXCHANGE)</c>) and the old one is deleted, so that
/// at every instant <c>--out</c> holds either the whole old set or the whole new set, never a mix.
/// Where the exchange is not available (another OS, a file system without it) the old folder is
/// renamed aside first: between the two renames <c>--out</c> is briefly absent, still never mixed.
/// Other regular files in a previous <c>--out</c> (an <c>--export-model</c> file, notes) are carried
/// over by hard link (or copy); a folder that holds subfolders, links or the current directory is
/// refused, since swapping it would move more than a run's files.
/// </summary>
/// <remarks>
/// Crash guarantees: a crash before the swap leaves <c>--out</c> as it was and at most a hidden
/// <c>.NAME.PID.GUID.tmp</c> folder beside it; a crash after the exchange leaves the new set in place
/// and the old one in such a folder. The next write beside it deletes hidden folders whose process
/// has ended. A failure the process sees (an exception) deletes its hidden folder before it returns.
/// </remarks>
public static class OutputFolder
{
    /// <summary>The files the engine's runs write into an output folder (a previous set of any verb is replaced, not carried over).</summary>
    internal static readonly string[] RunFiles = ["proposal.json", "proposal.csv", "report.html", "scenario.json", "simulation.json"];

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Checks, before any work, that a run can write its set into <paramref name="directory"/>: not a
    /// file, not a dangling symbolic link, not read-only, not a folder of other folders or the current
    /// directory. Returns the problem as an input error (field <paramref name="option"/>), or <c>null</c>.
    /// </summary>
    public static InputError? Check(string directory, string option = "--out")
    {
        ArgumentNullException.ThrowIfNull(directory);
        var problem = Problem(directory, out _);
        return problem is null ? null : new InputError(directory, 0, option, null, problem.Value.Message, problem.Value.Hint);
    }

    /// <summary>Writes the files (name, UTF-8 text) as one set into <paramref name="directory"/> (see the class remarks).</summary>
    /// <exception cref="IOException">The folder cannot be written (the message says why); nothing of the set is visible.</exception>
    internal static void Write(string directory, IReadOnlyList<(string Name, string Contents)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (Problem(directory, out var target) is { } problem)
        {
            throw new IOException($"{directory}: {problem.Message}");
        }

        var parent = Path.GetDirectoryName(target) ?? ".";
        var name = Path.GetFileName(target);
        Directory.CreateDirectory(parent);
        SweepStale(parent, name);
        var temp = Hidden(parent, name);
        try
        {
            Directory.CreateDirectory(temp);
            foreach (var (file, contents) in files)
            {
                using var stream = new FileStream(Path.Combine(temp, file), FileMode.CreateNew, FileAccess.Write, FileShare.None);
                stream.Write(Utf8NoBom.GetBytes(contents));
                stream.Flush(flushToDisk: true);
            }

            Swap(temp, target, files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal));
        }
        finally
        {
            DeleteQuietly(temp);
        }
    }

    private static (string Message, string? Hint)? Problem(string directory, out string target)
    {
        target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        FileSystemInfo info = new DirectoryInfo(target);
        if (info.LinkTarget is not null)
        {
            var final = info.ResolveLinkTarget(returnFinalTarget: true);
            if (final is null || !final.Exists && !File.Exists(final.FullName))
            {
                return ($"is a dangling symbolic link (to {info.LinkTarget}).", "Give a folder, or remove the link.");
            }

            target = Path.TrimEndingDirectorySeparator(final.FullName);
            info = new DirectoryInfo(target);
        }

        if (File.Exists(target))
        {
            return ("is a file, not a folder.", "Give a folder for the outputs (it is created if missing).");
        }

        if (Directory.Exists(target))
        {
            var cwd = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Environment.CurrentDirectory));
            if (cwd == target || cwd.StartsWith(target + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                return ("is the current directory (or holds it): the outputs are swapped in as a whole folder.", "Give a folder of its own, e.g. --out out.");
            }

            if (ReadOnly(target))
            {
                return ("is read-only.", null);
            }

            foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo || entry.LinkTarget is not null || (entry.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) != 0)
                {
                    return ($"holds '{entry.Name}', which is not a regular file: the outputs are swapped in as a whole folder, which holds only files.",
                        "Give a new folder, or one that holds only earlier outputs.");
                }
            }
        }

        // The nearest existing ancestor must be a folder we may create the hidden folder in.
        var ancestor = Path.GetDirectoryName(target);
        while (ancestor is not null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor))
            {
                return ($"cannot be created: {ancestor} is a file.", null);
            }

            ancestor = Path.GetDirectoryName(ancestor);
        }

        if (ancestor is null)
        {
            return ("cannot be created: no folder above it exists.", null);
        }

        if (ReadOnly(ancestor))
        {
            return ($"cannot be written: the folder {ancestor} is read-only.", null);
        }

        var probe = Hidden(ancestor, Path.GetFileName(target));
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(probe);
            return ($"cannot be written: {ancestor}: {ex.Message}", null);
        }

        return null;
    }

    /// <summary>No write permission for the owner (refused even for root, who could write anyway: the folder was made read-only on purpose).</summary>
    private static bool ReadOnly(string folder)
        => !OperatingSystem.IsWindows() && (File.GetUnixFileMode(folder) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;

    private static string Hidden(string parent, string name)
        => Path.Combine(parent, string.Create(CultureInfo.InvariantCulture, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp"));

    private static void Swap(string temp, string target, HashSet<string> written)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Directory.Exists(target))
            {
                CarryOver(target, temp, written);
                if (OperatingSystem.IsLinux())
                {
                    var rc = Native.RenameAt2(Native.AtFdCwd, temp, Native.AtFdCwd, target, Native.RenameExchange);
                    if (rc == 0)
                    {
                        return; // temp now holds the old set; the caller deletes it
                    }

                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Native.ENOENT && attempt < 10)
                    {
                        continue; // the target was swapped away by another writer meanwhile
                    }

                    if (errno is not (Native.EINVAL or Native.ENOSYS or Native.EPERM))
                    {
                        throw new IOException($"{target}: cannot swap in the outputs (errno {errno}).");
                    }
                }

                // No exchange: move the old set aside, then the new one in.
                var aside = Hidden(Path.GetDirectoryName(target)!, Path.GetFileName(target));
                try
                {
                    Directory.Move(target, aside);
                }
                catch (DirectoryNotFoundException) when (attempt < 10)
                {
                    continue;
                }

                try
                {
                    Directory.Move(temp, target);
                }
                catch (IOException) when (attempt < 10)
                {
                    DeleteQuietly(aside);
                    continue;
                }

                DeleteQuietly(aside);
                return;
            }

            if (OperatingSystem.IsLinux())
            {
                if (Native.RenameAt2(Native.AtFdCwd, temp, Native.AtFdCwd, target, Native.RenameNoReplace) == 0)
                {
                    return;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Native.EEXIST && attempt < 10)
                {
                    continue; // another writer put its set in meanwhile: exchange with it
                }

                if (errno is not (Native.EINVAL or Native.ENOSYS or Native.EPERM))
                {
                    throw new IOException($"{target}: cannot move the outputs in place (errno {errno}).");
                }
            }

            try
            {
                Directory.Move(temp, target);
                return;
            }
            catch (IOException) when (attempt < 10 && Directory.Exists(target))
            {
            }
        }
    }

    /// <summary>Regular files of the previous folder that are not a run's outputs: hard-linked (or copied) into the new set.</summary>
    private static void CarryOver(string previous, string temp, HashSet<string> written)
    {
        IEnumerable<FileInfo> files;
        try
        {
            files = [.. new DirectoryInfo(previous).EnumerateFiles()];
        }
        catch (DirectoryNotFoundException)
        {
            return;
        }

        foreach (var f in files)
        {
            if (written.Contains(f.Name) || RunFiles.Contains(f.Name, StringComparer.Ordinal) || File.Exists(Path.Combine(temp, f.Name)) || f.LinkTarget is not null)
            {
                continue;
            }

            var copy = Path.Combine(temp, f.Name);
            if (!OperatingSystem.IsLinux() || Native.Link(f.FullName, copy) != 0)
            {
                try
                {
                    File.Copy(f.FullName, copy);
                }
                catch (FileNotFoundException)
                {
                }
            }
        }
    }

    /// <summary>Deletes hidden folders of this output whose process has ended (a crash's leftovers).</summary>
    private static void SweepStale(string parent, string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var prefix = $".{name}.";
        foreach (var dir in new DirectoryInfo(parent).EnumerateDirectories(prefix + "*.tmp"))
        {
            var parts = dir.Name[prefix.Length..].Split('.');
            if (parts.Length == 3 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                DeleteQuietly(dir.FullName);
            }
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static class Native
    {
        public const int AtFdCwd = -100;
        public const uint RenameNoReplace = 1;
        public const uint RenameExchange = 2;
        public const int EPERM = 1;
        public const int ENOENT = 2;
        public const int EEXIST = 17;
        public const int EINVAL = 22;
        public const int ENOSYS = 38;

        [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
        public static extern int RenameAt2(int oldDirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, int newDirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath, uint flags);

        [DllImport("libc", EntryPoint = "link", SetLastError = true)]
        public static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
    }
}
