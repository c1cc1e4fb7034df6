using System.Security.Cryptography;
using System.Text.Json;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.LinkedData.Conformance.RdfCanon;

/// <summary>One entry of the W3C RDFC-1.0 manifest; <see cref="ToString"/> is its test id.</summary>
public sealed record ManifestEntry(string Id, string Type, string Name, string Action, string? Result, string? HashAlgorithm)
{
    public override string ToString() => Id;
}

/// <summary>The W3C RDF Dataset Canonicalization (RDFC-1.0) test suite, driven by its manifest: all 86 entries run, none skipped.</summary>
public sealed class RdfCanonTests
{
    public static TheoryData<ManifestEntry> Entries()
    {
        using JsonDocument manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Suites.Folder("rdf-canon"), "manifest.jsonld")));
        TheoryData<ManifestEntry> data = [];
        foreach (JsonElement e in manifest.RootElement.GetProperty("entries").EnumerateArray())
        {
            data.Add(new ManifestEntry(
                e.GetProperty("id").GetString()!,
                e.GetProperty("type").GetString()!,
                e.GetProperty("name").GetString()!,
                e.GetProperty("action").GetString()!,
                e.TryGetProperty("result", out JsonElement result) ? result.GetString() : null,
                e.TryGetProperty("hashAlgorithm", out JsonElement hash) ? hash.GetString() : null));
        }
        return data;
    }

    [Fact]
    public void The_manifest_has_all_86_tests()
    {
        Assert.Equal(86, Entries().Count);
    }

    [Theory, MemberData(nameof(Entries))]
    public void Canonicalize(ManifestEntry test)
    {
        string folder = Suites.Folder("rdf-canon");
        RdfDataset input = NQuadsReader.Parse(File.ReadAllText(Path.Combine(folder, test.Action)));
        Rdfc10Options options = new() { HashAlgorithm = test.HashAlgorithm == "SHA384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256 };
        switch (test.Type)
        {
            case "rdfc:RDFC10EvalTest":
                Assert.Equal(File.ReadAllText(Path.Combine(folder, test.Result!)), Rdfc10.Canonicalize(input, options).NQuads);
                break;
            case "rdfc:RDFC10MapTest":
                Dictionary<string, string> expected = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, test.Result!)))!;
                IReadOnlyDictionary<string, string> actual = Rdfc10.Canonicalize(input, options).IssuedIdentifiers;
                Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), actual.OrderBy(p => p.Key, StringComparer.Ordinal));
                break;
            case "rdfc:RDFC10NegativeEvalTest":
                Assert.Throws<CanonicalizationLimitExceededException>(() => Rdfc10.Canonicalize(input, options));
                break;
            default:
                Assert.Fail($"Unknown test type {test.Type}");
                break;
        }
    }
}
