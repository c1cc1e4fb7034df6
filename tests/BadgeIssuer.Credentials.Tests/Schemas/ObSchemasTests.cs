using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Tests.Schemas;

public sealed class ObSchemasTests
{
    /// <summary>BRIEF §2.11: the minimal valid credential of the OB 3.0 implementation guide's test vector.</summary>
    internal const string Minimal = """
        { "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "id": "http://example.com/credentials/3527",
          "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "url": "https://www.imsglobal.org", "name": "Example Corp"},
          "validFrom": "2010-01-01T00:00:00Z", "name": "Teamwork Badge",
          "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.com/achievements/21st-century-skills/teamwork",
              "type": ["Achievement"], "criteria": {"narrative": "Team members are nominated ..."},
              "description": "This badge recognizes ...", "name": "Teamwork"}}}
        """;

    private static JsonObject Credential() => JsonNode.Parse(Minimal)!.AsObject();

    private static JsonObject StatusEntry(string purpose, int index) => new()
    {
        ["id"] = $"https://example.edu/status/{purpose}#{index}",
        ["type"] = "BitstringStatusListEntry",
        ["statusPurpose"] = purpose,
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["statusListCredential"] = $"https://example.edu/status/{purpose}",
    };

    [Fact]
    public void A_set_of_status_entries_fails_the_canonical_schema_but_passes_entry_by_entry()
    {
        JsonObject credential = Credential();
        credential["credentialStatus"] = new JsonArray(StatusEntry("revocation", 7), StatusEntry("suspension", 9));

        SchemaValidationResult strict = ObSchemas.ValidateAchievementCredential(credential);
        SchemaValidationResult perEntry = ObSchemas.ValidateAchievementCredentialWithStatusSet(credential);

        Assert.False(strict.IsValid);
        Assert.Contains(strict.Violations, v => v.Pointer == "/credentialStatus");
        Assert.True(perEntry.IsValid, string.Join("; ", perEntry.Violations));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_status_entry_without_an_id_is_reported_where_it_is(int broken)
    {
        JsonObject credential = Credential();
        JsonObject[] entries = [StatusEntry("revocation", 7), StatusEntry("suspension", 9)];
        entries[broken].Remove("id");
        credential["credentialStatus"] = new JsonArray(entries);

        SchemaValidationResult result = ObSchemas.ValidateAchievementCredentialWithStatusSet(credential);

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.Pointer.StartsWith($"/credentialStatus/{broken}", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Violations, v => v.Pointer.StartsWith($"/credentialStatus/{1 - broken}", StringComparison.Ordinal));
    }

    [Fact]
    public void The_minimal_credential_is_valid()
    {
        SchemaValidationResult result = ObSchemas.ValidateAchievementCredential(Credential());
        Assert.True(result.IsValid, string.Join("; ", result.Violations));
    }

    [Fact]
    public void Every_unsigned_spec_example_is_valid()
    {
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples"), "*.unsigned.json"))
        {
            JsonObject credential = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            bool endorsement = credential["type"]!.AsArray().Any(t => t!.GetValue<string>() == "EndorsementCredential");
            SchemaValidationResult result = endorsement ? ObSchemas.ValidateEndorsementCredential(credential) : ObSchemas.ValidateAchievementCredential(credential);
            Assert.True(result.IsValid, $"{Path.GetFileName(file)}: {string.Join("; ", result.Violations)}");
        }
    }

    [Fact]
    public void A_missing_criteria_is_reported_at_the_achievement()
    {
        JsonObject credential = Credential();
        credential["credentialSubject"]!["achievement"]!.AsObject().Remove("criteria");

        SchemaValidationResult result = ObSchemas.ValidateAchievementCredential(credential);

        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.Pointer == "/credentialSubject/achievement" && v.Message.StartsWith("criteria is missing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("validFrom")]
    [InlineData("issuer")]
    [InlineData("credentialSubject")]
    public void A_missing_required_property_is_reported_as_missing(string property)
    {
        JsonObject credential = Credential();
        credential.Remove(property);
        SchemaValidationResult result = ObSchemas.ValidateAchievementCredential(credential);
        Assert.False(result.IsValid);
        Assert.Contains(result.Violations, v => v.Pointer == "" && v.Message.StartsWith($"{property} is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_type_that_is_not_an_array_fails_the_canonical_schema()
    {
        JsonObject credential = Credential();
        credential["credentialSubject"]!["type"] = "AchievementSubject";
        Assert.Contains(ObSchemas.ValidateAchievementCredential(credential).Violations, v => v.Pointer.StartsWith("/credentialSubject/type", StringComparison.Ordinal));
    }

    [Fact]
    public void Contexts_in_the_wrong_order_fail()
    {
        JsonObject credential = Credential();
        credential["@context"] = new JsonArray("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://www.w3.org/ns/credentials/v2");
        Assert.False(ObSchemas.ValidateAchievementCredential(credential).IsValid);
    }
}
