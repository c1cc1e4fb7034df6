using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;
using BadgeIssuer.Credentials.Verification;
using BenchmarkDotNet.Attributes;

namespace BadgeIssuer.Benchmarks;

/// <summary>
/// The OB 3.0 JSON Schema check of one credential, single thread: the spec's complete OpenBadgeCredential example
/// (23.7 KB, with an endorsement, so the EndorsementCredential definition is evaluated too) carrying a revocation and a
/// suspension entry as the service issues them. Issuing checks the unsigned credential; the verifier's <c>schema</c>
/// check reads the signed one as written and with compacted values read as arrays.
/// </summary>
[MemoryDiagnoser]
public class SchemaBenchmarks
{
    private JsonObject _credential = null!;

    [GlobalSetup]
    public void Setup()
    {
        _credential = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", "complete-openbadgecredential.signed.json")))!.AsObject();
        _credential["credentialStatus"] = new JsonArray(Entry("revocation", 7), Entry("suspension", 7));
    }

    private static JsonObject Entry(string purpose, int index) => new()
    {
        ["id"] = $"https://badges.example/status/{purpose}/1#{index}",
        ["type"] = "BitstringStatusListEntry",
        ["statusPurpose"] = purpose,
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["statusListCredential"] = $"https://badges.example/status/{purpose}/1",
    };

    [Benchmark(Description = "issuing: schema check of a credential with a status set")]
    public bool Issue() => ObSchemas.ValidateAchievementCredentialWithStatusSet(_credential).IsValid;

    [Benchmark(Description = "verifying: the schema check")]
    public CheckStatus Verify() => CredentialChecks.Schema(_credential).Status;
}
