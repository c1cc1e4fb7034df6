using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Keys;
using Microsoft.Extensions.Logging.Abstractions;

namespace BadgeIssuer.Core.Tests;

/// <summary>Where the key-encryption key ring comes from: configuration, files outside the data directory, or a generated file.</summary>
public sealed class KeyEncryptionKeySourceTests : IDisposable
{
    private const string KeyA = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string KeyB = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private readonly string _root = Directory.CreateTempSubdirectory("badgeissuer-kek-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Data => Path.Combine(_root, "data");

    private static List<string> Problems(BadgeIssuerOptions options)
    {
        List<string> problems = [];
        KeyEncryptionKeySource.ReadConfigured(options, problems);
        return problems;
    }

    private KeyEncryption Open(BadgeIssuerOptions options) => new KeyEncryptionKeySource(options, NullLogger<KeyEncryptionKeySource>.Instance).Open();

    [Fact]
    public void The_generated_key_is_written_once_with_mode_0600_in_a_data_directory_created_0700()
    {
        BadgeIssuerOptions options = new() { DataDirectory = Data };

        string first = Open(options).KeyId;
        string second = Open(options).KeyId;

        string file = Path.Combine(Data, KeyEncryptionKeySource.FileName);
        Assert.Equal(first, second);
        Assert.Equal(KeyEncryption.Fingerprint(Convert.FromBase64String(File.ReadAllText(file))), first);
        Assert.Equal([KeyEncryptionKeySource.FileName], Directory.GetFileSystemEntries(Data).Select(Path.GetFileName));
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(file));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Data));
    }

    [Fact]
    public void An_atomic_create_leaves_an_existing_file_as_it_is_and_no_temporary_file()
    {
        string file = Path.Combine(_root, "secret");

        Assert.True(PrivateFiles.TryCreateAtomically(file, "first"u8));
        Assert.False(PrivateFiles.TryCreateAtomically(file, "second"u8));

        Assert.Equal("first", File.ReadAllText(file));
        Assert.Equal(["secret"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_key_file_outside_the_data_directory_is_read_and_keeps_the_fingerprint_id()
    {
        string file = Path.Combine(_root, "kek");
        File.WriteAllText(file, KeyA + "\n");

        KeyEncryption encryption = Open(new BadgeIssuerOptions { DataDirectory = Data, KeyEncryptionKeyFile = file });

        Assert.Equal(new KeyEncryption(Convert.FromBase64String(KeyA)).KeyId, encryption.KeyId);
        Assert.False(Directory.Exists(Data));
    }

    [Fact]
    public void A_key_file_inside_the_data_directory_is_refused()
    {
        string file = Path.Combine(Data, "kek");

        Assert.Equal([$"BadgeIssuer:KeyEncryptionKeyFile must lie outside the data directory ({Data}{Path.DirectorySeparatorChar}), so that a copy of the data does not carry the key that opens it; found {file}."],
            Problems(new BadgeIssuerOptions { DataDirectory = Data, KeyEncryptionKeyFile = file }));
    }

    [Fact]
    public void The_ring_seals_with_its_last_entry_and_reads_keys_from_settings_and_files()
    {
        string file = Path.Combine(_root, "kek-b");
        File.WriteAllText(file, KeyB);
        BadgeIssuerOptions options = new()
        {
            DataDirectory = Data,
            KeyEncryptionKeys = [new() { Key = KeyA }, new() { Id = "b", File = file }],
        };

        KeyEncryption ring = Open(options);
        EncryptedSecret underA = new KeyEncryption(Convert.FromBase64String(KeyA)).Seal([1], "k");

        Assert.Equal("b", ring.KeyId);
        Assert.Equal([1], ring.Open(underA, "k"));
    }

    [Fact]
    public void Each_wrong_ring_setting_is_named()
    {
        BadgeIssuerOptions options = new()
        {
            DataDirectory = Data,
            KeyEncryptionKeys = [new() { Id = "a", Key = KeyA }, new() { Id = "a", Key = "c2hvcnQ=" }, new() { Key = KeyA, File = "/kek" }, new()],
        };

        Assert.Equal([
            "BadgeIssuer:KeyEncryptionKeys:1:Id is 'a', which an earlier entry has; each key needs its own id.",
            "BadgeIssuer:KeyEncryptionKeys:1:Key must be 32 bytes; it is 5.",
            "BadgeIssuer:KeyEncryptionKeys:2 must have one of Key (32 bytes, base64) and File (a file holding them); found both.",
            "BadgeIssuer:KeyEncryptionKeys:3 must have one of Key (32 bytes, base64) and File (a file holding them); found neither.",
        ], Problems(options).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_ways_of_naming_the_key_at_once_are_refused()
    {
        Assert.Equal(["Set one of BadgeIssuer:KeyEncryptionKey, BadgeIssuer:KeyEncryptionKeyFile and BadgeIssuer:KeyEncryptionKeys; found BadgeIssuer:KeyEncryptionKey and BadgeIssuer:KeyEncryptionKeys."],
            Problems(new BadgeIssuerOptions { KeyEncryptionKey = KeyA, KeyEncryptionKeys = [new() { Key = KeyB }] }));
    }
}
