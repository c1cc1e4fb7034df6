// POSIX.1-2017 open(2), fsync(2), rename(2): a new file becomes durable once its data is synced and the directory
// entry that names it is synced too.
using System.Runtime.InteropServices;

namespace BadgeIssuer.Core.Configuration;

/// <summary>
/// Files only the service's own user may read: the data directory is created with mode 0700 and data files with
/// mode 0600 (on Unix; Windows keeps its inherited ACLs), and a file that must never be seen half written is written
/// atomically.
/// </summary>
public static partial class PrivateFiles
{
    /// <summary>Owner read and write: the mode of every data file.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Owner read, write and search: the mode of a data directory the service creates.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="directory"/> (and missing parents) with mode 0700; an existing one is left as it is.</summary>
    public static void CreateDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
        else Directory.CreateDirectory(directory, DirectoryMode);
    }

    /// <summary>
    /// Writes <paramref name="content"/> to a new file <paramref name="path"/>, so that a crash leaves either no file or
    /// the whole of it: a temporary file in the same directory (mode 0600) is written and synced, then linked to its
    /// name only if that name is still free, and the directory is synced. Returns <c>false</c>, writing nothing, when the
    /// file exists already (another process made it first).
    /// </summary>
    public static bool TryCreateAtomically(string path, ReadOnlySpan<byte> content)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (FileStream file = new(temporary, NewFile(FileAccess.Write)))
            {
                file.Write(content);
                file.Flush(flushToDisk: true);
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                return false;
            }
            SyncDirectory(directory);
            return true;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Options that create a new file (failing if it exists) with mode 0600.</summary>
    public static FileStreamOptions NewFile(FileAccess access)
    {
        FileStreamOptions options = new() { Mode = System.IO.FileMode.CreateNew, Access = access };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return options;
    }

    /// <summary>Takes the group's and others' permissions off an existing file (on Unix), keeping the owner's.</summary>
    public static void RestrictToOwner(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path)) return;
        UnixFileMode mode = File.GetUnixFileMode(path);
        UnixFileMode owner = mode & DirectoryMode;
        if (mode != owner) File.SetUnixFileMode(path, owner);
    }

    /// <summary>Syncs a directory's entries to disk (on Unix; NTFS journals them itself).</summary>
    public static void SyncDirectory(string directory)
    {
        if (OperatingSystem.IsWindows()) return;
        int descriptor = Open(directory, 0);
        if (descriptor < 0) throw new IOException($"The directory {directory} could not be opened to sync it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(descriptor) != 0) throw new IOException($"The directory {directory} could not be synced (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
