using System.Security.Cryptography;

namespace BadgeIssuer.LinkedData.Conformance;

/// <summary>Where the vendored suites are, and a check that they are the published bytes.</summary>
public static class Suites
{
    public static string Folder(string suite) => Path.Combine(AppContext.BaseDirectory, "Vendor", suite);

    /// <summary>Every file listed in the suite's SHA256SUMS, as (relative path, expected hash).</summary>
    public static IEnumerable<(string File, string Sha256)> Sums(string suite) =>
        File.ReadAllLines(Path.Combine(Folder(suite), "SHA256SUMS")).Where(l => l.Length > 0).Select(l =>
        {
            string[] parts = l.Split("  ", 2);
            return (parts[1].StartsWith("./", StringComparison.Ordinal) ? parts[1][2..] : parts[1], parts[0]);
        });

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

public sealed class VendoredSuiteTests
{
    [Theory]
    [InlineData("rdf-canon")]
    [InlineData("jcs")]
    [InlineData("jsonld-api")]
    public void Every_vendored_file_matches_its_published_sha256(string suite)
    {
        int count = 0;
        foreach ((string file, string sha256) in Suites.Sums(suite))
        {
            Assert.True(sha256 == Suites.Sha256(Path.Combine(Suites.Folder(suite), file)), $"{suite}/{file} differs from the published file");
            count++;
        }
        Assert.True(count > 5, $"{suite} lists only {count} files");
    }
}
