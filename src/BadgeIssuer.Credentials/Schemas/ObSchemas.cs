// OB 3.0 and CLR 2.0 JSON Schemas (draft 2019-09), pinned in schemas/json and embedded; BRIEF §13 lists their quirks.
using System.Text.Json.Nodes;

namespace BadgeIssuer.Credentials.Schemas;

/// <summary>One way an instance breaks its schema: where (a JSON Pointer into the instance) and what.</summary>
public sealed record SchemaViolation(string Pointer, string Message);

/// <summary>The outcome of a schema check.</summary>
public sealed record SchemaValidationResult(bool IsValid, IReadOnlyList<SchemaViolation> Violations)
{
    /// <summary>
    /// Where the first violation is (<paramref name="whole"/> for the instance itself) and what it says, and how many more
    /// were found: a lower bound, as at most 50 are listed and a long list may have been looked at only in its first items.
    /// </summary>
    public string Describe(string whole)
    {
        if (Violations.Count == 0) return "it does not match.";
        SchemaViolation first = Violations[0];
        return $"at {(first.Pointer.Length == 0 ? whole : first.Pointer)}, {first.Message}" + (Violations.Count > 1 ? $" (and at least {Violations.Count - 1} more problem(s))." : "");
    }
}

/// <summary>
/// Validates against the pinned OB 3.0 and CLR 2.0 JSON Schemas, evaluated as draft 2019-09 and built once per process
/// (<see cref="Set"/>); every check is one evaluation, and JsonSchema.Net's only for an instance that fails it.
/// </summary>
public static class ObSchemas
{
    /// <summary>The published URL of the canonical AchievementCredential schema.</summary>
    public const string AchievementCredentialUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>The published URL of the EndorsementCredential schema.</summary>
    public const string EndorsementCredentialUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json";

    /// <summary>The published URL of the Profile schema.</summary>
    public const string ProfileUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json";

    internal const string AchievementCredentialResource = "json/purl/ob_v3p0_achievementcredential_schema.json";
    internal const string EndorsementCredentialResource = "json/gh-pages/endorsementcredential.json";
    internal const string ProfileResource = "json/gh-pages/profile.json";
    internal const string ClrCredentialResource = "json/purl/clr_v2p0_clrcredential_schema.json";

    /// <summary>The schemas this process checks against, built once, when this class is first used.</summary>
    public static ObSchemaSet Set { get; } = new();

    /// <summary>Checks an AchievementCredential / OpenBadgeCredential (VC 2.0 form).</summary>
    public static SchemaValidationResult ValidateAchievementCredential(JsonNode credential) => Set.AchievementCredential.Validate(credential);

    /// <summary>
    /// Checks an AchievementCredential whose <c>credentialStatus</c> may be the set of entries VC 2.0 §4.10 allows,
    /// where OB 3.0 lists one object (1EdTech openbadges-specification#623 proposes sets for OB 3.1): every entry of a
    /// set of at least <paramref name="minimumEntries"/> (1 or 2) is checked against the schema's CredentialStatus, in one
    /// evaluation. A credential without a set is checked as it is.
    /// </summary>
    public static SchemaValidationResult ValidateAchievementCredentialWithStatusSet(JsonNode credential, int minimumEntries = 1) =>
        Set.AchievementCredentialWithStatusSet(minimumEntries).Validate(credential);

    /// <summary>Checks an EndorsementCredential.</summary>
    public static SchemaValidationResult ValidateEndorsementCredential(JsonNode credential) => Set.EndorsementCredential.Validate(credential);

    /// <summary>
    /// Checks a ClrCredential against the CLR 2.0 schema, with <c>credentialStatus</c> (the record's own and each inner
    /// credential's) read as one CredentialStatus or a set of them, as for <see cref="ValidateAchievementCredentialWithStatusSet"/>.
    /// </summary>
    public static SchemaValidationResult ValidateClrCredential(JsonNode credential) => Set.ClrCredential.Validate(credential);

    /// <summary>Checks a Profile.</summary>
    public static SchemaValidationResult ValidateProfile(JsonNode profile) => Set.Profile.Validate(profile);
}
