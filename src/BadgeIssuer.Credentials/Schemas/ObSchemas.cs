// OB 3.0 JSON Schemas (draft 2019-09), pinned in schemas/json and embedded; BRIEF §13 lists their quirks.
using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace BadgeIssuer.Credentials.Schemas;

/// <summary>One way an instance breaks its schema: where (a JSON Pointer into the instance) and what.</summary>
public sealed record SchemaViolation(string Pointer, string Message);

/// <summary>The outcome of a schema check.</summary>
public sealed record SchemaValidationResult(bool IsValid, IReadOnlyList<SchemaViolation> Violations);

/// <summary>
/// Validates against the pinned OB 3.0 JSON Schemas. The schemas are registered under the URLs they are published at
/// (their <c>$id</c>s are inconsistent), evaluated as draft 2019-09, and loaded once.
/// </summary>
public static class ObSchemas
{
    /// <summary>The published URL of the canonical AchievementCredential schema.</summary>
    public const string AchievementCredentialUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>The published URL of the EndorsementCredential schema.</summary>
    public const string EndorsementCredentialUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json";

    /// <summary>The published URL of the Profile schema.</summary>
    public const string ProfileUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json";

    private const int MaxViolations = 50;
    private static readonly ConcurrentDictionary<string, JsonSchema> Loaded = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft201909 };

    /// <summary>Checks an AchievementCredential / OpenBadgeCredential (VC 2.0 form).</summary>
    public static SchemaValidationResult ValidateAchievementCredential(JsonNode credential) =>
        Validate(Schema(AchievementCredentialUrl, "json/purl/ob_v3p0_achievementcredential_schema.json"), credential);

    /// <summary>Checks an EndorsementCredential.</summary>
    public static SchemaValidationResult ValidateEndorsementCredential(JsonNode credential) =>
        Validate(Schema(EndorsementCredentialUrl, "json/gh-pages/endorsementcredential.json"), credential);

    /// <summary>Checks a Profile.</summary>
    public static SchemaValidationResult ValidateProfile(JsonNode profile) =>
        Validate(Schema(ProfileUrl, "json/gh-pages/profile.json"), profile);

    private static SchemaValidationResult Validate(JsonSchema schema, JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        EvaluationResults results = schema.Evaluate(instance, Options);
        if (results.IsValid) return new SchemaValidationResult(true, []);
        List<SchemaViolation> violations = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (EvaluationResults detail in results.Details)
        {
            if (detail.IsValid || detail.Errors is null) continue;
            foreach ((string keyword, string message) in detail.Errors)
            {
                string pointer = detail.InstanceLocation.ToString();
                string text = $"{message} (schema keyword '{keyword}' at {detail.EvaluationPath})";
                if (seen.Add(pointer + "|" + message) && violations.Count < MaxViolations) violations.Add(new SchemaViolation(pointer, text));
            }
        }
        if (violations.Count == 0) violations.Add(new SchemaViolation("", "does not match the schema."));
        return new SchemaValidationResult(false, violations);
    }

    private static JsonSchema Schema(string url, string resource) => Loaded.GetOrAdd(url, _ =>
    {
        using Stream stream = typeof(ObSchemas).Assembly.GetManifestResourceStream("schemas/" + resource)
            ?? throw new InvalidOperationException($"The pinned schema {resource} is not embedded.");
        using StreamReader reader = new(stream);
        JsonSchema schema = JsonSchema.FromText(reader.ReadToEnd());
        SchemaRegistry.Global.Register(new Uri(url), schema);
        return schema;
    });
}
