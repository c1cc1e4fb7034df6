using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Tests.Issuing;

/// <summary>OB 3.0 §B.1.5: the EndorsementCredential the service signs satisfies the 1EdTech JSON Schema.</summary>
public sealed class EndorsementCredentialBuilderTests
{
    [Fact]
    public void An_endorsement_of_an_achievement_satisfies_the_endorsement_schema()
    {
        JsonObject endorser = new() { ["id"] = "https://badges.example.edu/issuers/agency", ["type"] = new JsonArray("Profile"), ["name"] = "State Education Agency" };

        JsonObject credential = EndorsementCredentialBuilder.Build("urn:uuid:7b1d7f8e-1f6a-4c55-9d1e-2f4f2d3a9b10", endorser,
            "https://badges.example.edu/issuers/x/achievements/y", "Endorsement of Digital Fluency", "Meets the state standard.", new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
        SchemaValidationResult result = ObSchemas.ValidateEndorsementCredential(credential);

        Assert.True(result.IsValid, string.Join("\n", result.Violations));
        Assert.Equal("EndorsementSubject", credential["credentialSubject"]!["type"]![0]!.GetValue<string>());
    }
}
