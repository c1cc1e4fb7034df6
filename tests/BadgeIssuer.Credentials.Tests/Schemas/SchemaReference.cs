using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;
using BadgeIssuer.Credentials.Verification;
using Json.Schema;

namespace BadgeIssuer.Credentials.Tests.Schemas;

/// <summary>
/// The reference the schema checks are compared with: the pinned schemas built afresh with JsonSchema.Net's default
/// evaluation options (draft 2019-09), each instance evaluated plainly, and the status-set and compacted readings
/// composed from several such evaluations, the way the checks answered before one evaluation did it all.
/// </summary>
internal sealed class SchemaReference
{
    private readonly JsonSchema achievement;
    private readonly JsonSchema status;
    private readonly JsonSchema endorsement;
    private readonly JsonSchema profile;
    private readonly JsonSchema clr;

    public SchemaReference()
    {
        BuildOptions options = new() { Dialect = Dialect.Draft201909, SchemaRegistry = new SchemaRegistry() };
        achievement = JsonSchema.FromText(Embedded("json/purl/ob_v3p0_achievementcredential_schema.json"), options);
        status = JsonSchema.FromText($$"""{"$schema": "https://json-schema.org/draft/2019-09/schema", "$ref": "{{achievement.BaseUri}}#/$defs/CredentialStatus"}""", options);
        endorsement = JsonSchema.FromText(Embedded("json/gh-pages/endorsementcredential.json"), new BuildOptions { Dialect = Dialect.Draft201909, SchemaRegistry = new SchemaRegistry() });
        profile = JsonSchema.FromText(Embedded("json/gh-pages/profile.json"), new BuildOptions { Dialect = Dialect.Draft201909, SchemaRegistry = new SchemaRegistry() });
        clr = JsonSchema.FromText(Embedded("json/purl/clr_v2p0_clrcredential_schema.json"), new BuildOptions { Dialect = Dialect.Draft201909, SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>The canonical CLR 2.0 ClrCredential schema, evaluated as published.</summary>
    public bool ClrCredential(JsonNode credential) => Valid(clr, credential);

    public bool AchievementCredential(JsonNode credential) => Valid(achievement, credential);

    public bool EndorsementCredential(JsonNode credential) => Valid(endorsement, credential);

    public bool Profile(JsonNode profileNode) => Valid(profile, profileNode);

    /// <summary>A set of status entries: the credential with its first entry in place of the set, and each further entry on its own.</summary>
    public bool AchievementCredentialWithStatusSet(JsonObject credential)
    {
        if (credential["credentialStatus"] is not JsonArray { Count: > 0 } entries) return AchievementCredential(credential);
        JsonObject first = (JsonObject)credential.DeepClone();
        first["credentialStatus"] = entries[0]?.DeepClone();
        return AchievementCredential(first) && entries.Skip(1).All(entry => entry is not null && Valid(status, entry));
    }

    /// <summary>The verifier's answer: as written, or with compacted values read as arrays, or with several status entries.</summary>
    public bool Verifier(JsonObject credential, bool isAchievement)
    {
        JsonObject expanded = CredentialChecks.ExpandCompactedValues(credential);
        if (!isAchievement) return EndorsementCredential(credential) || EndorsementCredential(expanded);
        return AchievementCredential(credential) || AchievementCredential(expanded)
            || expanded["credentialStatus"] is JsonArray { Count: > 1 } && AchievementCredentialWithStatusSet(expanded);
    }

    private static bool Valid(JsonSchema schema, JsonNode instance) => schema.Evaluate(JsonSerializer.SerializeToElement(instance)).IsValid;

    private static string Embedded(string resource)
    {
        using Stream stream = typeof(ObSchemas).Assembly.GetManifestResourceStream("schemas/" + resource)!;
        using StreamReader reader = new(stream);
        return reader.ReadToEnd();
    }
}
