// OB 3.0 §B.1.5 EndorsementCredential and §B.1.6 EndorsementSubject: a VC whose subject is the endorsed thing (an
// Achievement, a Profile) by its id, with the endorser's comment (endorsementComment, Markdown).
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Issuing;

/// <summary>Builds the unsigned OB 3.0 <c>EndorsementCredential</c> JSON in the form the canonical JSON Schema expects.</summary>
public static class EndorsementCredentialBuilder
{
    /// <summary>
    /// The credential <paramref name="id"/> in which <paramref name="endorser"/> (its Profile) endorses the thing with id
    /// <paramref name="subjectId"/>, named <paramref name="name"/>, saying <paramref name="comment"/>, from <paramref name="validFrom"/>.
    /// </summary>
    public static JsonObject Build(string id, JsonObject endorser, string subjectId, string name, string? comment, DateTimeOffset validFrom)
    {
        ArgumentNullException.ThrowIfNull(endorser);
        JsonObject subject = new()
        {
            ["id"] = subjectId,
            ["type"] = new JsonArray("EndorsementSubject"),
        };
        if (comment is not null) subject["endorsementComment"] = comment;
        return new JsonObject
        {
            ["@context"] = new JsonArray(ObContexts.CredentialsV2, ObContexts.OpenBadgesV3, ObContexts.OpenBadgesExtensions),
            ["id"] = id,
            ["type"] = new JsonArray("VerifiableCredential", "EndorsementCredential"),
            ["name"] = name,
            ["issuer"] = endorser.DeepClone(),
            ["validFrom"] = AchievementCredentialBuilder.DateTimeZ(validFrom),
            ["credentialSubject"] = subject,
            ["credentialSchema"] = new JsonArray(new JsonObject
            {
                ["id"] = ObSchemas.EndorsementCredentialUrl,
                ["type"] = ObContexts.JsonSchemaValidator2019,
            }),
        };
    }
}
