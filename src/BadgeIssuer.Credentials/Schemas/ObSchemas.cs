// OB 3.0 JSON Schemas (draft 2019-09), pinned in schemas/json and embedded; BRIEF §13 lists their quirks.
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace BadgeIssuer.Credentials.Schemas;

/// <summary>One way an instance breaks its schema: where (a JSON Pointer into the instance) and what.</summary>
public sealed record SchemaViolation(string Pointer, string Message);

/// <summary>The outcome of a schema check.</summary>
public sealed record SchemaValidationResult(bool IsValid, IReadOnlyList<SchemaViolation> Violations);

/// <summary>
/// Validates against the pinned OB 3.0 JSON Schemas, evaluated as draft 2019-09 and built once per process
/// (<see cref="Set"/>); every check is one evaluation, and a second one only for an invalid instance's messages.
/// </summary>
public static partial class ObSchemas
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
    private const int MaxViolations = 50;
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List };

    /// <summary>The schemas this process checks against, built once, when this class is first used.</summary>
    public static ObSchemaSet Set { get; } = new();

    /// <summary>Checks an AchievementCredential / OpenBadgeCredential (VC 2.0 form).</summary>
    public static SchemaValidationResult ValidateAchievementCredential(JsonNode credential) => Validate(Set.AchievementCredential, credential);

    /// <summary>
    /// Checks an AchievementCredential whose <c>credentialStatus</c> may be the set of entries VC 2.0 §4.10 allows,
    /// where OB 3.0 lists one object (1EdTech openbadges-specification#623 proposes sets for OB 3.1): every entry of a
    /// set of at least <paramref name="minimumEntries"/> (1 or 2) is checked against the schema's CredentialStatus, in one
    /// evaluation. A credential without a set is checked as it is.
    /// </summary>
    public static SchemaValidationResult ValidateAchievementCredentialWithStatusSet(JsonNode credential, int minimumEntries = 1) =>
        Validate(Set.AchievementCredentialWithStatusSet(minimumEntries), credential);

    /// <summary>Checks an EndorsementCredential.</summary>
    public static SchemaValidationResult ValidateEndorsementCredential(JsonNode credential) => Validate(Set.EndorsementCredential, credential);

    /// <summary>Checks a Profile.</summary>
    public static SchemaValidationResult ValidateProfile(JsonNode profile) => Validate(Set.Profile, profile);

    /// <summary>
    /// Evaluates <paramref name="instance"/> against a built schema of the set: a yes/no answer stops at the first
    /// failure; only an invalid instance is evaluated again to say where and why.
    /// </summary>
    public static SchemaValidationResult Validate(JsonSchema schema, JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(instance);
        JsonElement element = JsonSerializer.SerializeToElement(instance);
        if (schema.Evaluate(element, Quick).IsValid) return new SchemaValidationResult(true, []);
        EvaluationResults results = schema.Evaluate(element, Detailed);
        List<SchemaViolation> violations = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (EvaluationResults detail in results.Details ?? [])
        {
            if (detail.IsValid || detail.Errors is null) continue;
            foreach ((string keyword, string message) in detail.Errors)
            {
                string pointer = detail.InstanceLocation.ToString();
                string text = $"{Reworded(keyword, message)} (schema keyword '{keyword}' at {detail.EvaluationPath})";
                if (seen.Add(pointer + "|" + message) && violations.Count < MaxViolations) violations.Add(new SchemaViolation(pointer, text));
            }
        }
        if (violations.Count == 0) violations.Add(new SchemaViolation("", "does not match the schema."));
        return new SchemaValidationResult(false, violations);
    }

    /// <summary>
    /// A <c>required</c> failure reads "X is missing" rather than the library's "Required properties [...] are not
    /// present"; the names come from that (English) message.
    /// </summary>
    private static string Reworded(string keyword, string message)
    {
        if (keyword != "required" || RequiredMessage().Match(message) is not { Success: true } match) return message;
        try
        {
            string[] names = [.. (JsonNode.Parse(match.Groups[1].Value) as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>()];
            return names.Length == 0 ? message : $"{string.Join(" and ", names)} {(names.Length == 1 ? "is" : "are")} missing";
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
        {
            return message;
        }
    }

    [GeneratedRegex(@"^Required properties (\[.*\]) are not present$")]
    private static partial Regex RequiredMessage();
}
