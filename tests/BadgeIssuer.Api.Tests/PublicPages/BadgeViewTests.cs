using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>What the badge page reads from a credential.</summary>
public sealed class BadgeViewTests
{
    [Fact]
    public void The_badge_page_reads_the_recipients_name_from_a_single_identity_object()
    {
        JsonObject credential = JsonNode.Parse("""
            { "id": "urn:uuid:1", "issuer": {"id": "https://badges.test/issuers/1", "name": "Riverside"},
              "credentialSubject": {"type": ["AchievementSubject"], "achievement": {"name": "Digital Fluency"},
                "identifier": {"type": "IdentityObject", "identityType": "name", "hashed": false, "identityHash": "Ada Lovelace"}}}
            """)!.AsObject();

        Assert.Equal("Ada Lovelace", BadgeView.From(credential).RecipientName);
    }
}
