using System.Security.Cryptography;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Tests.Schemas;

public sealed class PinnedFilesTests
{
    private static string RepositoryRoot()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BadgeIssuer.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("BadgeIssuer.sln not found above the test directory.");
    }

    public static TheoryData<string, string> PinnedFiles()
    {
        TheoryData<string, string> data = [];
        foreach (string line in File.ReadAllLines(Path.Combine(RepositoryRoot(), "schemas", "SHA256SUMS")))
        {
            string[] parts = line.Split("  ", 2);
            data.Add(parts[1], parts[0]);
        }
        return data;
    }

    [Theory, MemberData(nameof(PinnedFiles))]
    public void Every_pinned_file_matches_its_recorded_sha256(string file, string sha256)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(RepositoryRoot(), "schemas", file));
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Contains($"`{file}`", File.ReadAllText(Path.Combine(RepositoryRoot(), "schemas", "SOURCES.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_pinned_json_schema_is_embedded_byte_for_byte()
    {
        string[] files = Directory.GetFiles(Path.Combine(RepositoryRoot(), "schemas", "json"), "*.json", SearchOption.AllDirectories);
        Assert.Equal(7, files.Length);
        foreach (string file in files)
        {
            string relative = Path.GetRelativePath(Path.Combine(RepositoryRoot(), "schemas"), file).Replace('\\', '/');
            using Stream? embedded = typeof(ObSchemas).Assembly.GetManifestResourceStream("schemas/" + relative);
            Assert.NotNull(embedded);
            using MemoryStream copy = new();
            embedded.CopyTo(copy);
            Assert.Equal(File.ReadAllBytes(file), copy.ToArray());
        }
    }

    [Fact]
    public void The_vendored_spec_examples_match_their_recorded_sha256()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples");
        foreach (string line in File.ReadAllLines(Path.Combine(folder, "SHA256SUMS")))
        {
            string[] parts = line.Split("  ", 2);
            Assert.Equal(parts[0], Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, parts[1])))));
        }
    }
}
