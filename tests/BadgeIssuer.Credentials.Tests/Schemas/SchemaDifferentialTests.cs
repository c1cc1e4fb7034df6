using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Credentials.Tests.Schemas;

/// <summary>
/// The one-evaluation schema checks give the same yes/no answers as plain JsonSchema.Net evaluations
/// (<see cref="SchemaReference"/>) over every OB 3.0 spec example, every sample achievement, the 1EdTech CLR test vector
/// and mutated copies of them.
/// </summary>
[Collection(CpuHeavyTests.Name)]
public sealed class SchemaDifferentialTests
{
    private static readonly SchemaReference Reference = new();

    private static readonly JsonNode?[] WrongValues = [42, "text", null, new JsonObject()];

    private static string Folder(params string[] parts) => Path.Combine([AppContext.BaseDirectory, .. parts]);

    public static TheoryData<string> Examples()
    {
        TheoryData<string> data = [];
        foreach (string file in Directory.GetFiles(Folder("Vendor", "ob3-examples")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(file);
            if (name.EndsWith(".unsigned.json", StringComparison.Ordinal) || name.EndsWith(".signed.json", StringComparison.Ordinal)
                || name.EndsWith(".jwt", StringComparison.Ordinal) || name == "obv3p0-ldp-test-vector.credential.json")
                data.Add("Vendor/ob3-examples/" + name);
        }
        foreach (string file in Directory.GetFiles(Folder("samples", "achievements"), "*.json").Order(StringComparer.Ordinal))
            data.Add("samples/achievements/" + Path.GetFileName(file));
        data.Add("minimal");
        return data;
    }

    [Theory, MemberData(nameof(Examples))]
    public void Every_mutation_of_an_example_gets_the_answers_of_a_plain_evaluation(string example)
    {
        JsonObject credential = Load(example);
        int compared = 0;
        HashSet<bool> answers = [];
        bool publishedPasses = Reference.Verifier(credential, IsAchievement(credential));
        foreach ((string mutation, JsonObject mutated) in Mutations(credential))
        {
            string where = $"{example}, {mutation}";
            bool achievement = IsAchievement(mutated);
            if (achievement)
            {
                bool plain = Reference.AchievementCredential(mutated);
                Assert.True(plain == ObSchemas.ValidateAchievementCredential(mutated).IsValid, $"ValidateAchievementCredential differs: {where}");
                Assert.True(plain == ObSchemas.Set.AchievementCredential.Accepts(mutated), $"the compiled validator differs: {where}");
                bool statusSet = Reference.AchievementCredentialWithStatusSet(mutated);
                Assert.True(statusSet == ObSchemas.ValidateAchievementCredentialWithStatusSet(mutated).IsValid, $"ValidateAchievementCredentialWithStatusSet differs: {where}");
                Assert.True(statusSet == ObSchemas.Set.AchievementCredentialWithStatusSet(1).Accepts(mutated), $"the compiled status-set validator differs: {where}");
            }
            else
            {
                bool plain = Reference.EndorsementCredential(mutated);
                Assert.True(plain == ObSchemas.ValidateEndorsementCredential(mutated).IsValid, $"ValidateEndorsementCredential differs: {where}");
                Assert.True(plain == ObSchemas.Set.EndorsementCredential.Accepts(mutated), $"the compiled validator differs: {where}");
            }
            if (mutated["issuer"] is JsonObject issuer)
            {
                bool plain = Reference.Profile(issuer);
                Assert.True(plain == ObSchemas.ValidateProfile(issuer).IsValid, $"ValidateProfile differs: {where}");
                Assert.True(plain == ObSchemas.Set.Profile.Accepts(issuer), $"the compiled validator differs: {where}");
            }

            VerificationCheck check = CredentialChecks.Schema(mutated);
            if (check.Code is not (VerificationCodes.SchemaValid or VerificationCodes.SchemaViolation)) continue;
            bool expected = Reference.Verifier(mutated, achievement);
            answers.Add(expected);
            Assert.True(expected == (check.Status == CheckStatus.Passed), $"the verifier's schema check differs: {where}: {check.Message}");
            compared++;
        }
        Assert.True(compared > 50, $"only {compared} mutations of {example} reached the JSON Schema");
        Assert.True(answers.Contains(false), $"no mutation of {example} fails the schema");
        Assert.True(answers.Contains(true) || !publishedPasses, $"every mutation of {example} fails the schema, though it passes as published");
    }

    [Fact]
    public void Every_mutation_of_the_clr_test_vector_gets_the_answers_of_a_plain_evaluation()
    {
        JsonObject clr = Load("Vendor/ob3-examples/clrv2p0-ldp-test-vector.credential.json");
        clr["proof"] = new JsonArray(Load("Vendor/ob3-examples/clrv2p0-ldp-test-vector.proof.json"));
        string[] containers = ["", "/credentialSubject", "/credentialSubject/verifiableCredential/0", "/credentialSubject/verifiableCredential/0/credentialSubject",
            "/credentialSubject/achievement/0", "/credentialSubject/achievement/0/criteria", "/credentialSubject/association/0", "/issuer", "/proof/0"];
        int compared = 0;
        HashSet<bool> answers = [];
        foreach ((string mutation, JsonObject mutated) in containers.SelectMany(container => Mutations(clr, container)).Prepend(("as published", Copy(clr))))
        {
            // The service's copy reads a set of status entries where the schema has one object; sets are compared elsewhere.
            if (mutated["credentialStatus"] is JsonArray || Find(mutated, "/credentialSubject/verifiableCredential/0/credentialStatus") is JsonArray) continue;
            bool plain = Reference.ClrCredential(mutated);
            answers.Add(plain);
            Assert.True(plain == ObSchemas.Set.ClrCredential.Accepts(mutated), $"the compiled CLR validator differs: {mutation}");
            Assert.True(plain == ObSchemas.ValidateClrCredential(mutated).IsValid, $"ValidateClrCredential differs: {mutation}");
            compared++;
        }
        Assert.True(compared > 300, $"only {compared} mutations were compared");
        Assert.Equal([false, true], answers.Order());
    }

    private static JsonObject Load(string example)
    {
        if (example == "minimal") return Minimal();
        string path = Folder(example.Split('/'));
        if (example.StartsWith("samples/", StringComparison.Ordinal))
        {
            JsonObject credential = Minimal();
            JsonObject achievement = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            achievement["id"] = "https://example.edu/achievements/" + Path.GetFileNameWithoutExtension(path);
            achievement["type"] = new JsonArray("Achievement");
            credential["credentialSubject"]!["achievement"] = achievement;
            return credential;
        }
        if (!path.EndsWith(".jwt", StringComparison.Ordinal)) return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        string payload = File.ReadAllText(path).Trim().Split('.')[1].Replace('-', '+').Replace('_', '/');
        JsonObject claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '='))))!.AsObject();
        return claims["vc"] as JsonObject ?? claims;
    }

    /// <summary>The minimal credential of the OB 3.0 implementation guide (BRIEF §2.11), with a status entry and a proof as we issue them.</summary>
    private static JsonObject Minimal() => JsonNode.Parse("""
        { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "id": "http://example.com/credentials/3527", "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "url": "https://www.imsglobal.org", "name": "Example Corp"},
          "validFrom": "2010-01-01T00:00:00Z", "name": "Teamwork Badge",
          "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.com/achievements/21st-century-skills/teamwork", "type": ["Achievement"],
              "criteria": {"narrative": "Team members are nominated ..."}, "description": "This badge recognizes ...", "name": "Teamwork"}},
          "credentialStatus": [{"id": "https://example.edu/status/revocation#7", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
            "statusListIndex": "7", "statusListCredential": "https://example.edu/status/revocation"}],
          "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "created": "2010-01-01T00:00:00Z",
            "verificationMethod": "https://example.edu/issuers/565049#key-1", "proofPurpose": "assertionMethod", "proofValue": "z58DAdFfa9SkqZMVPxAQp"}]}
        """)!.AsObject();

    private static bool IsAchievement(JsonObject credential) =>
        (credential["type"] is JsonArray types ? types.Select(t => (t as JsonValue)?.ToString()) : [(credential["type"] as JsonValue)?.ToString()])
        .Any(t => t is "OpenBadgeCredential" or "AchievementCredential");

    /// <summary>
    /// The example itself; each property of the credential, its subject, achievement, issuer, first status entry and first
    /// proof dropped, given a wrong type, or nested one level deeper; compacted single values; and status sets.
    /// </summary>
    private static IEnumerable<(string Name, JsonObject Credential)> Mutations(JsonObject credential)
    {
        yield return ("as published", Copy(credential));
        string[] containers = ["", "/credentialSubject", "/credentialSubject/achievement", "/issuer", "/credentialStatus/0", "/proof/0", "/credentialSubject/achievement/criteria"];
        foreach (string container in containers)
        {
            foreach ((string, JsonObject) mutation in Mutations(credential, container)) yield return mutation;
        }
        foreach ((string name, JsonObject compacted) in Compacted(credential)) yield return (name, compacted);
        // ECMA-262's \d is [0-9]; .NET's, without the ECMAScript option, takes any Unicode digit.
        yield return ("an OB context version with an Arabic-Indic digit", Mutate(credential, "", o => o["@context"] = new JsonArray(
            "https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.\u0663.json")));
        foreach ((string name, JsonArray? statuses) in StatusSets())
            yield return ("credentialStatus " + name, Mutate(credential, "", o => o["credentialStatus"] = statuses));
    }

    /// <summary>Each property of the object at <paramref name="container"/> dropped, given a wrong type, or nested one level deeper.</summary>
    private static IEnumerable<(string Name, JsonObject Credential)> Mutations(JsonObject credential, string container)
    {
        if (Find(credential, container) is not JsonObject original) yield break;
        foreach (string key in original.Select(p => p.Key).ToArray())
        {
            yield return ($"{container}/{key} dropped", Mutate(credential, container, o => o.Remove(key)));
            foreach (JsonNode? wrong in WrongValues)
                yield return ($"{container}/{key} = {wrong?.ToJsonString() ?? "null"}", Mutate(credential, container, o => o[key] = wrong?.DeepClone()));
            yield return ($"{container}/{key} in an array", Mutate(credential, container, o => o[key] = new JsonArray(o[key]?.DeepClone())));
            yield return ($"{container}/{key} in an object", Mutate(credential, container, o => o[key] = new JsonObject { ["value"] = o[key]?.DeepClone() }));
        }
    }

    private static IEnumerable<(string, JsonObject)> Compacted(JsonObject credential)
    {
        foreach (string container in new[] { "", "/credentialSubject", "/credentialSubject/achievement", "/issuer" })
        {
            if (Find(credential, container) is JsonObject { } o && o["type"] is JsonArray { Count: 1 })
                yield return ($"{container}/type as one string", Mutate(credential, container, c => c["type"] = c["type"]![0]!.DeepClone()));
        }
        if (credential["proof"] is JsonArray { Count: 1 })
            yield return ("one proof as an object", Mutate(credential, "", c => c["proof"] = c["proof"]![0]!.DeepClone()));
        if (credential["credentialSubject"] is JsonObject { } subject && subject["identifier"] is JsonArray { Count: > 0 })
            yield return ("one identifier as an object", Mutate(credential, "/credentialSubject", c => c["identifier"] = c["identifier"]![0]!.DeepClone()));
        yield return ("everything compacted", CompactAll(Copy(credential)));
    }

    private static JsonObject CompactAll(JsonObject credential)
    {
        foreach (string container in new[] { "", "/credentialSubject", "/credentialSubject/achievement" })
        {
            if (Find(credential, container) is JsonObject { } o && o["type"] is JsonArray { Count: 1 } types) o["type"] = types[0]!.DeepClone();
        }
        if (credential["proof"] is JsonArray { Count: 1 } proofs) credential["proof"] = proofs[0]!.DeepClone();
        return credential;
    }

    private static IEnumerable<(string, JsonArray?)> StatusSets()
    {
        JsonObject Entry(string purpose, int index) => new()
        {
            ["id"] = $"https://example.edu/status/{purpose}#{index}", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = purpose,
            ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), ["statusListCredential"] = $"https://example.edu/status/{purpose}",
        };
        JsonObject Broken() { JsonObject entry = Entry("suspension", 9); entry.Remove("id"); return entry; }
        yield return ("an empty set", []);
        yield return ("one entry in a set", [Entry("revocation", 7)]);
        yield return ("two entries", [Entry("revocation", 7), Entry("suspension", 9)]);
        yield return ("three entries", [Entry("revocation", 7), Entry("suspension", 9), Entry("revocation", 8)]);
        yield return ("a second entry without an id", [Entry("revocation", 7), Broken()]);
        yield return ("a first entry without an id", [Broken(), Entry("revocation", 7)]);
        yield return ("a null entry", [Entry("revocation", 7), null]);
        yield return ("a null first entry", [null, Entry("revocation", 7)]);
        yield return ("a number entry", [Entry("revocation", 7), 42]);
        yield return ("a set in a set", [Entry("revocation", 7), new JsonArray(Entry("suspension", 9))]);
    }

    private static JsonObject Copy(JsonObject credential) => (JsonObject)credential.DeepClone();

    private static JsonObject Mutate(JsonObject credential, string container, Action<JsonObject> change)
    {
        JsonObject copy = Copy(credential);
        change((JsonObject)Find(copy, container)!);
        return copy;
    }

    private static JsonNode? Find(JsonNode root, string pointer)
    {
        JsonNode? node = root;
        foreach (string part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            node = node switch { JsonObject o => o[part], JsonArray a when int.TryParse(part, out int i) && i < a.Count => a[i], _ => null };
        return node;
    }
}
