// OB 3.0 §9.1 steps 1 and 4 (conformance, dates) and the @context rule of the OB 3.0 data model.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Schemas;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>Checks of the credential itself, whatever proof carries it: structure and schema, dates.</summary>
public static partial class CredentialChecks
{
    /// <summary>The VC Data Model 1.1 base context, used by OB 3.0 credentials of the Candidate Final period.</summary>
    public const string CredentialsV1 = "https://www.w3.org/2018/credentials/v1";

    /// <summary>How far a credential's start may lie in the future before it counts as not yet valid (clock skew).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    [GeneratedRegex(@"^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)*\.json$")]
    private static partial Regex ObContextPattern();

    /// <summary>True for a VC 1.1 credential (first context is the 2018 one).</summary>
    public static bool IsVc11(JsonObject credential) =>
        credential?["@context"] is JsonArray { Count: > 0 } contexts && JsonText.Of(contexts[0]) == CredentialsV1;

    /// <summary>The types of the credential (a string or an array of strings).</summary>
    public static IReadOnlyList<string> Types(JsonObject credential) => credential?["type"] switch
    {
        JsonArray array => [.. array.Select(JsonText.Of).OfType<string>()],
        JsonValue value when JsonText.Of(value) is { } t => [t],
        _ => [],
    };

    /// <summary>The key provenance of a credential without an issuer id: no key can be shown to be the issuer's.</summary>
    internal static readonly VerificationCheck NoIssuerId = new(Checks.KeyProvenance, CheckStatus.Failed, MissingField,
        "The credential names no issuer id, so nothing can show that the signing key is the issuer's.");

    /// <summary>
    /// The failed <c>format</c> check when <paramref name="credential"/> lacks any of <paramref name="required"/>, or
    /// <c>null</c>: JSON with none of them is not a credential at all; one that has some is a credential with a field missing.
    /// </summary>
    internal static VerificationCheck? MissingMembers(JsonObject credential, params string[] required)
    {
        string[] missing = [.. required.Where(name => credential[name] is null)];
        if (missing.Length == 0) return null;
        return missing.Length == required.Length
            ? new(Checks.Format, CheckStatus.Failed, NotACredential, $"This JSON is not a verifiable credential: it has none of {string.Join(", ", required)}.")
            : new(Checks.Format, CheckStatus.Failed, MissingField, $"The credential has no {string.Join(" and no ", missing)}; a verifiable credential needs {string.Join(", ", required)}.");
    }

    /// <summary>
    /// The objects of a property JSON-LD reads as a set (<c>proof</c>, <c>credentialStatus</c>, <c>identifier</c>):
    /// one object written on its own means the same as an array holding it; anything else in the value is left out.
    /// </summary>
    public static IReadOnlyList<JsonObject> Objects(JsonNode? value) => value switch
    {
        JsonArray array => [.. array.OfType<JsonObject>()],
        JsonObject one => [one],
        _ => [],
    };

    /// <summary>
    /// The identifiers of an AchievementSubject. The OB context defines <c>identifier</c> as a <c>@set</c>, so in JSON-LD
    /// one IdentityObject written on its own means the same as an array holding it (DCC credentials do this).
    /// </summary>
    public static IReadOnlyList<JsonObject> Identifiers(JsonObject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return Objects(subject["identifier"]);
    }

    /// <summary>
    /// The <c>schema</c> check: OB type, @context order, subject identity, and the pinned JSON Schema; for a CLR 2.0
    /// ClrCredential, the CLR structure (<see cref="ClrChecks.Schema"/>).
    /// </summary>
    public static VerificationCheck Schema(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        IReadOnlyList<string> types = Types(credential);
        if (types.Contains(ClrChecks.ClrCredentialType)) return ClrChecks.Schema(credential);
        bool achievement = types.Contains("OpenBadgeCredential") || types.Contains("AchievementCredential");
        bool endorsement = types.Contains("EndorsementCredential");
        if (!types.Contains("VerifiableCredential") || (!achievement && !endorsement))
            return Fail(NotAnOpenBadge, $"The credential's type must include VerifiableCredential and OpenBadgeCredential (or AchievementCredential, EndorsementCredential, ClrCredential); found [{string.Join(", ", types)}].");

        if (credential["@context"] is not JsonArray contexts || contexts.Count < 2
            || (JsonText.Of(contexts[0]) is not (ObContexts.CredentialsV2 or CredentialsV1))
            || JsonText.Of(contexts[1]) is not { } ob || !ObContextPattern().IsMatch(ob))
            return Fail(ContextOrder, $"@context must start with the VC context ({ObContexts.CredentialsV2}) and then an OB 3.0 context (https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.x.json).");

        if (credential["issuer"] is null)
            return Fail(MissingField, "The credential has no issuer, so nothing says who issued it (VC 2.0 and OB 3.0 require one).");
        if (credential["issuer"] is JsonObject issuer && issuer["id"] is null)
            return Fail(MissingField, "The credential's issuer has no id (OB 3.0 requires the issuer Profile's id).");

        if (achievement && credential["credentialSubject"] is JsonObject subject && subject["id"] is null && Identifiers(subject).Count == 0)
            return Fail(SubjectUnidentified, "The credential subject has neither an id nor an identifier, so it is not clear who earned the badge (OB 3.0 requires one of them).");

        if (IsVc11(credential))
            return new VerificationCheck(Checks.Schema, CheckStatus.Skipped, SchemaNotPinned,
                "This is a VC Data Model 1.1 credential; the OB 3.0 JSON Schema for that form is not pinned here, so only its structure was checked.");

        // One evaluation in the usual case: compacted single values read as arrays, and a set of several status entries
        // checked entry by entry (VC 2.0 allows several; OB 3.0 lists one). The credential as written is evaluated only
        // when that fails and the reading changed it.
        JsonObject expanded = ExpandCompactedValues(credential);
        bool compacted = !JsonNode.DeepEquals(credential, expanded);
        SchemaValidationResult result = achievement ? ObSchemas.ValidateAchievementCredentialWithStatusSet(expanded, minimumEntries: 2) : ObSchemas.ValidateEndorsementCredential(expanded);
        if (result.IsValid)
            return new VerificationCheck(Checks.Schema, CheckStatus.Passed, SchemaValid, expanded["credentialStatus"] is JsonArray statuses
                ? $"The credential matches the OB 3.0 JSON Schema with each of its {statuses.Count} status entries checked on its own (VC 2.0 allows several; OB 3.0 lists one)."
                : compacted ? "The credential matches the OB 3.0 JSON Schema once its compacted single values are read as arrays." : "The credential matches the OB 3.0 JSON Schema.");
        if (compacted)
        {
            result = achievement ? ObSchemas.ValidateAchievementCredential(credential) : ObSchemas.ValidateEndorsementCredential(credential);
            if (result.IsValid) return new VerificationCheck(Checks.Schema, CheckStatus.Passed, SchemaValid, "The credential matches the OB 3.0 JSON Schema.");
        }
        return Fail(VerificationCodes.SchemaViolation, $"The credential does not match the OB 3.0 JSON Schema: {result.Describe("the credential")}");
    }

    /// <summary>The <c>dates</c> check: validFrom/validUntil (VC 2.0) or issuanceDate/expirationDate (VC 1.1) against now.</summary>
    public static VerificationCheck Dates(JsonObject credential, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credential);
        bool vc11 = IsVc11(credential);
        string fromName = vc11 ? "issuanceDate" : "validFrom";
        string untilName = vc11 ? "expirationDate" : "validUntil";
        if (credential[fromName] is null)
            return new VerificationCheck(Checks.Dates, CheckStatus.Failed, MissingField,
                $"The credential has no {fromName}: {(vc11 ? "VC 1.1" : "VC 2.0 and OB 3.0")} require the date from which it is valid.");
        if (JsonText.Of(credential[fromName]) is not { } fromText || !VcJwt.TryParseDateTimeZ(fromText, out DateTimeOffset from))
            return new VerificationCheck(Checks.Dates, CheckStatus.Failed, InvalidDate, $"{fromName} must be a date-time with a time zone, such as 2026-01-15T09:00:00Z.");
        DateTimeOffset? until = null;
        if (credential[untilName] is not null)
        {
            if (JsonText.Of(credential[untilName]) is not { } untilText || !VcJwt.TryParseDateTimeZ(untilText, out DateTimeOffset parsed))
                return new VerificationCheck(Checks.Dates, CheckStatus.Failed, InvalidDate, $"{untilName} must be a date-time with a time zone, such as 2027-01-15T09:00:00Z.");
            until = parsed;
        }
        if (from > now + ClockSkew)
            return new VerificationCheck(Checks.Dates, CheckStatus.Failed, NotYetValid, $"The credential is not valid yet: it becomes valid on {from:u}.");
        if (until is { } end && end < now)
            return new VerificationCheck(Checks.Dates, CheckStatus.Failed, Expired, $"The credential expired on {end:u}.");
        return new VerificationCheck(Checks.Dates, CheckStatus.Passed, DatesValid,
            until is { } e ? $"The credential is valid from {from:u} until {e:u}." : $"The credential is valid from {from:u} and does not expire.");
    }

    private static VerificationCheck Fail(string code, string message) => new(Checks.Schema, CheckStatus.Failed, code, message);

    /// <summary>VC infrastructure objects whose <c>type</c> is a single IRI in the canonical schema too.</summary>
    private static readonly HashSet<string> InfrastructureProperties = new(StringComparer.Ordinal) { "proof", "credentialSchema", "credentialStatus", "refreshService", "termsOfUse" };

    /// <summary>Classes whose <c>type</c> the canonical schema keeps a single string (BRIEF §13.3).</summary>
    private static readonly HashSet<string> StringTypedClasses = new(StringComparer.Ordinal) { "Image", "IdentityObject", "IdentifierEntry", "GeoCoordinates" };

    /// <summary>
    /// OB 3.0 Appendix A: the JSON-LD binding may write a single <c>type</c>, <c>proof</c>, <c>credentialSchema</c> or
    /// <c>termsOfUse</c> as a bare value instead of an array; and <c>credentialSubject.identifier</c>, a <c>@set</c> in
    /// the OB context, reads the same in JSON-LD whether one IdentityObject stands alone or in an array. The canonical
    /// schema wants arrays, so a copy with those values wrapped is what gets validated: compacted credentials are
    /// accepted, never issued.
    /// </summary>
    public static JsonObject ExpandCompactedValues(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        JsonObject copy = (JsonObject)credential.DeepClone();
        Wrap(copy, root: true);
        if (copy["credentialSubject"] is JsonObject subject && subject["identifier"] is JsonObject identifier)
        {
            subject.Remove("identifier");
            subject["identifier"] = new JsonArray(identifier);
        }
        return copy;
    }

    private static void Wrap(JsonNode? node, bool root)
    {
        if (node is JsonArray array)
        {
            foreach (JsonNode? item in array) Wrap(item, root: false);
            return;
        }
        if (node is not JsonObject obj) return;
        foreach (string key in obj.Select(p => p.Key).ToArray())
        {
            JsonNode? value = obj[key];
            bool wrap = key == "type" && value is JsonValue && JsonText.Of(value) is { } t && !StringTypedClasses.Contains(t)
                || root && key is "proof" or "credentialSchema" or "termsOfUse" && value is JsonObject;
            if (wrap)
            {
                obj.Remove(key);
                obj[key] = new JsonArray(value);
            }
            if (!InfrastructureProperties.Contains(key)) Wrap(obj[key], root: false);
        }
    }
}
