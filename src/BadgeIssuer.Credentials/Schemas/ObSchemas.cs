// OB 3.0 JSON Schemas (draft 2019-09), pinned in schemas/json and embedded; BRIEF §13 lists their quirks.
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
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
public static partial class ObSchemas
{
    /// <summary>The published URL of the canonical AchievementCredential schema.</summary>
    public const string AchievementCredentialUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

    /// <summary>The published URL of the EndorsementCredential schema.</summary>
    public const string EndorsementCredentialUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json";

    /// <summary>The published URL of the Profile schema.</summary>
    public const string ProfileUrl = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_profile_schema.json";

    private const string AchievementCredentialResource = "json/purl/ob_v3p0_achievementcredential_schema.json";
    private const string CredentialStatusRef = AchievementCredentialUrl + "#/$defs/CredentialStatus";
    private const string StatusPointer = "/credentialStatus";
    private const int MaxViolations = 50;
    private static readonly ConcurrentDictionary<string, JsonSchema> Loaded = new(StringComparer.Ordinal);
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, EvaluateAs = SpecVersion.Draft201909 };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft201909 };

    static ObSchemas() => ResolveErrorTemplates();

    /// <summary>
    /// JsonSchema.Net writes an error message for every failed branch it tries (of <c>oneOf</c>, <c>anyOf</c>,
    /// <c>contains</c>), even in a valid instance, and looks each template up in its resources, under a lock shared by
    /// all threads. Reading every template once (the English one) and setting it as the library's own message removes
    /// the lookups; the messages keep their English wording.
    /// </summary>
    private static void ResolveErrorTemplates()
    {
        foreach (PropertyInfo template in typeof(ErrorMessages).GetProperties(BindingFlags.Public | BindingFlags.Static))
        {
            if (template.PropertyType != typeof(string) || !template.CanWrite || template.GetValue(null) is not null) continue;
            if (typeof(ErrorMessages).GetMethod("Get" + template.Name, [typeof(CultureInfo)]) is { } lookup)
                template.SetValue(null, lookup.Invoke(null, [CultureInfo.InvariantCulture]));
        }
    }

    /// <summary>Checks an AchievementCredential / OpenBadgeCredential (VC 2.0 form).</summary>
    public static SchemaValidationResult ValidateAchievementCredential(JsonNode credential) =>
        Validate(Schema(AchievementCredentialUrl, AchievementCredentialResource), credential);

    /// <summary>
    /// Checks an AchievementCredential whose <c>credentialStatus</c> may be the set of entries VC 2.0 §4.10 allows,
    /// where OB 3.0 lists one object (1EdTech openbadges-specification#623 proposes sets for OB 3.1): the credential
    /// is checked with its first entry in place of the set, and each further entry against the schema's
    /// CredentialStatus. A credential without a set is checked as it is.
    /// </summary>
    public static SchemaValidationResult ValidateAchievementCredentialWithStatusSet(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (credential["credentialStatus"] is not JsonArray { Count: > 0 } entries) return ValidateAchievementCredential(credential);
        JsonObject first = (JsonObject)credential.DeepClone();
        first["credentialStatus"] = entries[0]?.DeepClone();
        List<SchemaViolation> violations = [.. ValidateAchievementCredential(first).Violations.Select(v => v.Pointer.StartsWith(StatusPointer, StringComparison.Ordinal)
            ? v with { Pointer = StatusPointer + "/0" + v.Pointer[StatusPointer.Length..] } : v)];
        JsonSchema status = Loaded.GetOrAdd(CredentialStatusRef, _ =>
        {
            Schema(AchievementCredentialUrl, AchievementCredentialResource);
            return JsonSchema.FromText($$"""{"$schema": "https://json-schema.org/draft/2019-09/schema", "$ref": "{{CredentialStatusRef}}"}""");
        });
        for (int i = 1; i < entries.Count; i++)
        {
            violations.AddRange(entries[i] is null
                ? [new SchemaViolation($"{StatusPointer}/{i}", "must be an object.")]
                : Validate(status, entries[i]!).Violations.Select(v => v with { Pointer = $"{StatusPointer}/{i}{v.Pointer}" }));
        }
        return new SchemaValidationResult(violations.Count == 0, violations);
    }

    /// <summary>Checks an EndorsementCredential.</summary>
    public static SchemaValidationResult ValidateEndorsementCredential(JsonNode credential) =>
        Validate(Schema(EndorsementCredentialUrl, "json/gh-pages/endorsementcredential.json"), credential);

    /// <summary>Checks a Profile.</summary>
    public static SchemaValidationResult ValidateProfile(JsonNode profile) =>
        Validate(Schema(ProfileUrl, "json/gh-pages/profile.json"), profile);

    private static SchemaValidationResult Validate(JsonSchema schema, JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        // A yes/no answer stops at the first failure; only an invalid instance is evaluated again to say where and why.
        if (schema.Evaluate(instance, Quick).IsValid) return new SchemaValidationResult(true, []);
        EvaluationResults results = schema.Evaluate(instance, Detailed);
        List<SchemaViolation> violations = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        foreach (EvaluationResults detail in results.Details)
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
    /// present"; the names come from that (English, see <see cref="ResolveErrorTemplates"/>) message.
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
