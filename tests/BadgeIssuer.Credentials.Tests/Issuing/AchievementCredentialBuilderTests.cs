using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Tests.Issuing;

public sealed class AchievementCredentialBuilderTests
{
    private static AchievementCredentialInput Input(DateTimeOffset? validUntil = null) => new(
        "https://badges.test/credentials/c1",
        new JsonObject { ["id"] = "https://badges.test/issuers/i1", ["type"] = new JsonArray("Profile"), ["name"] = "Riverside" },
        new JsonObject
        {
            ["id"] = "https://badges.test/issuers/i1/achievements/a1",
            ["type"] = new JsonArray("Achievement"),
            ["name"] = "Digital Fluency",
            ["description"] = "d",
            ["criteria"] = new JsonObject { ["narrative"] = "n" },
        },
        "urn:uuid:6f1f1f4e-2b7d-4b8e-9a57-8c1c1f1e1e1e",
        [],
        [],
        [],
        new DateTimeOffset(2026, 11, 25, 9, 30, 15, 123, TimeSpan.FromHours(2)),
        validUntil,
        null,
        null);

    [Fact]
    public void The_credential_has_the_ob_contexts_in_order_and_the_schema_reference()
    {
        JsonObject credential = AchievementCredentialBuilder.Build(Input());

        Assert.Equal([ObContexts.CredentialsV2, ObContexts.OpenBadgesV3, ObContexts.OpenBadgesExtensions],
            credential["@context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal(ObContexts.AchievementCredentialSchema, credential["credentialSchema"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("1EdTechJsonSchemaValidator2019", credential["credentialSchema"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Dates_are_utc_with_whole_seconds_so_jwt_nbf_equals_validFrom()
    {
        JsonObject credential = AchievementCredentialBuilder.Build(Input(validUntil: new DateTimeOffset(2027, 6, 30, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal("2026-11-25T07:30:15Z", credential["validFrom"]!.GetValue<string>());
        Assert.Equal("2027-06-30T00:00:00Z", credential["validUntil"]!.GetValue<string>());
    }

    [Fact]
    public void The_assessor_is_the_subjects_source_a_profile_the_schema_accepts()
    {
        JsonObject source = new() { ["id"] = "urn:uuid:0d9b4c1e-6f7a-8b2c-9d3e-4f5a6b7c8d9e", ["type"] = new JsonArray("Profile"), ["name"] = "Dr. Amara Osei" };
        JsonObject credential = AchievementCredentialBuilder.Build(Input() with { Source = source });

        Assert.True(JsonNode.DeepEquals(source, credential["credentialSubject"]!["source"]));
        Assert.True(ObSchemas.ValidateAchievementCredential(credential).IsValid);
        Assert.False(AchievementCredentialBuilder.Build(Input())["credentialSubject"]!.AsObject().ContainsKey("source"));
    }

    [Fact]
    public void Empty_lists_and_missing_values_are_left_out()
    {
        JsonObject credential = AchievementCredentialBuilder.Build(Input());
        JsonObject subject = credential["credentialSubject"]!.AsObject();

        Assert.False(credential.ContainsKey("validUntil"));
        Assert.False(credential.ContainsKey("evidence"));
        Assert.False(subject.ContainsKey("identifier"));
        Assert.False(subject.ContainsKey("result"));
        Assert.False(subject.ContainsKey("narrative"));
        Assert.DoesNotContain("null", credential.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_subject_carries_the_achievement_and_the_credential_is_named_after_it()
    {
        JsonObject credential = AchievementCredentialBuilder.Build(Input());

        Assert.Equal("Digital Fluency", credential["name"]!.GetValue<string>());
        Assert.Equal(["AchievementSubject"], credential["credentialSubject"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("https://badges.test/issuers/i1/achievements/a1", credential["credentialSubject"]!["achievement"]!["id"]!.GetValue<string>());
    }
}
