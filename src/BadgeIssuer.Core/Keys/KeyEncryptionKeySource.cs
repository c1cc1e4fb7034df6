using BadgeIssuer.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// Finds the key-encryption key: <c>BadgeIssuer:KeyEncryptionKey</c> (32 bytes, base64, checked by
/// <see cref="BadgeIssuerOptionsValidator"/> at start) when set; otherwise a key generated once and kept in the data
/// directory (fine for one machine; set the option for anything shared). Nothing is read until <see cref="Open"/>,
/// which the first service needing <see cref="KeyEncryption"/> calls: the background workers, while the service starts.
/// </summary>
public sealed partial class KeyEncryptionKeySource(BadgeIssuerOptions options, ILogger<KeyEncryptionKeySource> logger)
{
    /// <summary>The file name of the generated key in the data directory.</summary>
    public const string FileName = "key-encryption-key";

    /// <summary>Reads, or the first time creates, the KEK and returns the sealer built from it.</summary>
    public KeyEncryption Open()
    {
        if (options.KeyEncryptionKey is { Length: > 0 } configured) return new KeyEncryption(Convert.FromBase64String(configured));

        string path = Path.Combine(Path.GetFullPath(options.DataDirectory), FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] fresh = System.Security.Cryptography.RandomNumberGenerator.GetBytes(BadgeIssuerOptionsValidator.KeyEncryptionKeyBytes);
            FileStreamOptions create = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (FileStream file = new(path, create))
                file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)));
            LogGenerated(logger);
        }
        byte[] stored = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return new KeyEncryption(stored);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No BadgeIssuer:KeyEncryptionKey is configured: generated one in the data directory. Back it up with the data, or set the option, or private keys cannot be opened.")]
    private static partial void LogGenerated(ILogger logger);
}
