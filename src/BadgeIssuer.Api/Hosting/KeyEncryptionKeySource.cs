using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Api.Hosting;

/// <summary>
/// Finds the key-encryption key: <c>BadgeIssuer:KeyEncryptionKey</c> (32 bytes, base64) when set; otherwise a key
/// generated once and kept in the data directory (fine for one machine; set the option for anything shared).
/// </summary>
public static class KeyEncryptionKeySource
{
    /// <summary>The file name of the generated key in the data directory.</summary>
    public const string FileName = "key-encryption-key";

    /// <summary>Loads or creates the KEK and returns the sealer built from it.</summary>
    public static KeyEncryption Load(BadgeIssuerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.KeyEncryptionKey is { Length: > 0 } configured)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("BadgeIssuer:KeyEncryptionKey must be 32 bytes in base64 (e.g. `openssl rand -base64 32`).");
            }
            if (key.Length != 32) throw new InvalidOperationException($"BadgeIssuer:KeyEncryptionKey must be 32 bytes; it is {key.Length}.");
            return new KeyEncryption(key);
        }

        string path = Path.Combine(Path.GetFullPath(options.DataDirectory), FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] fresh = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            FileStreamOptions create = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (FileStream file = new(path, create))
                file.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)));
            logger.LogWarning("No BadgeIssuer:KeyEncryptionKey is configured: generated one in the data directory. Back it up with the data, or set the option, or private keys cannot be opened.");
        }
        byte[] stored = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return new KeyEncryption(stored);
    }
}
