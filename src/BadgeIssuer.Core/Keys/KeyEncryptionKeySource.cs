using System.Globalization;
using BadgeIssuer.Core.Configuration;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Keys;

/// <summary>
/// Finds the key-encryption key ring: <c>BadgeIssuer:KeyEncryptionKey</c>, <c>BadgeIssuer:KeyEncryptionKeyFile</c> or
/// <c>BadgeIssuer:KeyEncryptionKeys</c> (checked by <see cref="BadgeIssuerOptionsValidator"/> at start, which also
/// refuses Production without one); otherwise, outside Production, a key generated once and kept in the data directory
/// (fine for one machine; a copy of the data then carries the key that opens it). Nothing is read until
/// <see cref="Open"/>, which the first service needing <see cref="KeyEncryption"/> calls: the background workers,
/// while the service starts.
/// </summary>
public sealed partial class KeyEncryptionKeySource(BadgeIssuerOptions options, ILogger<KeyEncryptionKeySource> logger)
{
    /// <summary>The file name of the generated key in the data directory.</summary>
    public const string FileName = "key-encryption-key";

    /// <summary>Reads the configured ring, or the first time creates the generated key, and returns the sealer built from it.</summary>
    public KeyEncryption Open()
    {
        List<string> problems = [];
        IReadOnlyList<KeyEncryptionKey> configured = ReadConfigured(options, problems);
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(" ", problems));
        return new KeyEncryption(configured.Count > 0 ? configured : [new KeyEncryptionKey(null, Generated())]);
    }

    /// <summary>Whether any of the three settings names a key-encryption key.</summary>
    public static bool IsConfigured(BadgeIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrEmpty(options.KeyEncryptionKey) || !string.IsNullOrEmpty(options.KeyEncryptionKeyFile) || options.KeyEncryptionKeys.Count > 0;
    }

    /// <summary>
    /// The configured ring, oldest first (empty when nothing is configured); each setting that is wrong adds one line
    /// to <paramref name="problems"/> naming it, what it must be and what was found.
    /// </summary>
    public static IReadOnlyList<KeyEncryptionKey> ReadConfigured(BadgeIssuerOptions options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        string[] named = [.. new[]
        {
            string.IsNullOrEmpty(options.KeyEncryptionKey) ? null : "BadgeIssuer:KeyEncryptionKey",
            string.IsNullOrEmpty(options.KeyEncryptionKeyFile) ? null : "BadgeIssuer:KeyEncryptionKeyFile",
            options.KeyEncryptionKeys.Count == 0 ? null : "BadgeIssuer:KeyEncryptionKeys",
        }.OfType<string>()];
        if (named.Length > 1)
        {
            problems.Add($"Set one of BadgeIssuer:KeyEncryptionKey, BadgeIssuer:KeyEncryptionKeyFile and BadgeIssuer:KeyEncryptionKeys; found {string.Join(" and ", named)}.");
            return [];
        }
        List<KeyEncryptionKey> ring = [];
        if (!string.IsNullOrEmpty(options.KeyEncryptionKey)) Add(ring, null, Decode("BadgeIssuer:KeyEncryptionKey", options.KeyEncryptionKey, problems));
        if (!string.IsNullOrEmpty(options.KeyEncryptionKeyFile)) Add(ring, null, ReadFile("BadgeIssuer:KeyEncryptionKeyFile", options.KeyEncryptionKeyFile, options, problems));
        HashSet<string> ids = new(StringComparer.Ordinal);
        for (int i = 0; i < options.KeyEncryptionKeys.Count; i++)
        {
            KeyEncryptionKeySettings entry = options.KeyEncryptionKeys[i];
            string setting = "BadgeIssuer:KeyEncryptionKeys:" + i.ToString(CultureInfo.InvariantCulture);
            if (entry.Id is { } id && !ids.Add(id)) problems.Add($"{setting}:Id is '{id}', which an earlier entry has; each key needs its own id.");
            if (string.IsNullOrEmpty(entry.Key) == string.IsNullOrEmpty(entry.File))
                problems.Add($"{setting} must have one of Key (32 bytes, base64) and File (a file holding them); found {(string.IsNullOrEmpty(entry.Key) ? "neither" : "both")}.");
            else if (!string.IsNullOrEmpty(entry.Key)) Add(ring, entry.Id, Decode(setting + ":Key", entry.Key, problems));
            else Add(ring, entry.Id, ReadFile(setting + ":File", entry.File!, options, problems));
        }
        return ring;
    }

    private static void Add(List<KeyEncryptionKey> ring, string? id, byte[]? key)
    {
        if (key is not null) ring.Add(new KeyEncryptionKey(id, key));
    }

    private static byte[]? Decode(string setting, string base64, List<string> problems)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            problems.Add($"{setting} must be {BadgeIssuerOptionsValidator.KeyEncryptionKeyBytes} bytes in base64 (e.g. `openssl rand -base64 32`).");
            return null;
        }
        if (key.Length == BadgeIssuerOptionsValidator.KeyEncryptionKeyBytes) return key;
        problems.Add($"{setting} must be {BadgeIssuerOptionsValidator.KeyEncryptionKeyBytes} bytes; it is {key.Length.ToString(CultureInfo.InvariantCulture)}.");
        return null;
    }

    private static byte[]? ReadFile(string setting, string path, BadgeIssuerOptions options, List<string> problems)
    {
        string file = Path.GetFullPath(path);
        string data = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDirectory)) + Path.DirectorySeparatorChar;
        if (file.StartsWith(data, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
        {
            problems.Add($"{setting} must lie outside the data directory ({data}), so that a copy of the data does not carry the key that opens it; found {file}.");
            return null;
        }
        string content;
        try
        {
            content = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{setting} names {file}, which cannot be read: {ex.Message}");
            return null;
        }
        return Decode($"{setting} ({file})", content, problems);
    }

    /// <summary>The generated key in the data directory, made the first time (atomically, mode 0600).</summary>
    private byte[] Generated()
    {
        string path = Path.Combine(Path.GetFullPath(options.DataDirectory), FileName);
        if (!File.Exists(path))
        {
            byte[] fresh = System.Security.Cryptography.RandomNumberGenerator.GetBytes(BadgeIssuerOptionsValidator.KeyEncryptionKeyBytes);
            if (PrivateFiles.TryCreateAtomically(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh)))) LogGenerated(logger, path);
        }
        List<string> problems = [];
        return Decode($"The generated key-encryption key {path}", File.ReadAllText(path), problems)
            ?? throw new InvalidOperationException(string.Join(" ", problems));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No key-encryption key is configured: generated one at {Path}. A copy of the data directory now opens every private key; set BadgeIssuer:KeyEncryptionKey (or KeyEncryptionKeyFile, or KeyEncryptionKeys) for anything shared. Production refuses to start without one.")]
    private static partial void LogGenerated(ILogger logger, string path);
}
