// CLR 2.0 (https://www.imsglobal.org/spec/clr/v2p0/), Appendix B data models: ClrCredential (#clrcredential), ClrSubject
// (#clrsubject), Association (#association) and the AssociationType enumeration (#associationtype), checked one by one,
// each citing the class and property it comes from; then the CLR 2.0 ClrCredential JSON Schema pinned in schemas/json.
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Proofs.Jose;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>
/// Checks of a Comprehensive Learner Record (a <c>ClrCredential</c>): its structure, the learner its inner credentials
/// are about, and the <c>credentials</c> check that sums up the reports of its inner credentials.
/// </summary>
public static partial class ClrChecks
{
    /// <summary>CLR 2.0 ClrCredential <c>type</c>: one of the items MUST be the IRI <c>ClrCredential</c>.</summary>
    public const string ClrCredentialType = "ClrCredential";

    /// <summary>
    /// VC Data Model 2.0 §4.13.1: an enveloped verifiable credential is an object of this type whose <c>id</c> is a
    /// <c>data:</c> URL (RFC 2397) holding the secured credential.
    /// </summary>
    public const string EnvelopedType = "EnvelopedVerifiableCredential";

    /// <summary>VC-JOSE-COSE: the media type of a credential secured as a compact JWS, as a <c>data:</c> URL prefix.</summary>
    public const string VcJwtDataUrlPrefix = "data:application/vc+jwt,";

    /// <summary>CLR 2.0 AssociationType (#associationtype): the relations an Association may state, and no others.</summary>
    public static readonly IReadOnlySet<string> AssociationTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "exactMatchOf", "isChildOf", "isParentOf", "isPartOf", "isPeerOf", "isRelatedTo", "precedes", "replacedBy",
    };

    /// <summary>How many items a sentence of a check names at most; the rest are counted.</summary>
    private const int MaxNamed = 10;

    [GeneratedRegex(@"^https:\/\/purl\.imsglobal\.org\/spec\/clr\/v2p0\/context(-2\.\d\.\d)?\.json$")]
    private static partial Regex ClrContextPattern();

    [GeneratedRegex(@"^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context(-3\.\d\.\d)?\.json$")]
    private static partial Regex ObContextPattern();

    /// <summary>True when the credential's types include <c>ClrCredential</c>.</summary>
    public static bool IsClr(JsonObject credential) => CredentialChecks.Types(credential).Contains(ClrCredentialType);

    /// <summary>The entries of <c>credentialSubject.verifiableCredential</c> as written, or none when it is not an array.</summary>
    public static IReadOnlyList<JsonNode?> InnerCredentials(JsonObject credential) =>
        (credential?["credentialSubject"] as JsonObject)?["verifiableCredential"] is JsonArray entries ? [.. entries] : [];

    /// <summary>
    /// The compact JWS of an <see cref="EnvelopedType"/> entry whose id is a <c>data:application/vc+jwt,</c> URL; <c>null</c>
    /// for any other entry. The JWS alphabet (base64url and dots) needs no percent-decoding in a data URL.
    /// </summary>
    public static string? EnvelopedJwt(JsonObject entry) =>
        IsEnveloped(entry) && JsonText.Of(entry["id"]) is { } id && id.StartsWith(VcJwtDataUrlPrefix, StringComparison.Ordinal)
            ? id[VcJwtDataUrlPrefix.Length..] : null;

    /// <summary>True for an object typed <see cref="EnvelopedType"/>, whatever its envelope holds.</summary>
    public static bool IsEnveloped(JsonObject entry) => CredentialChecks.Types(entry).Contains(EnvelopedType);

    /// <summary>
    /// The <c>schema</c> check of a ClrCredential: the structural rules of CLR 2.0 Appendix B one by one, the first one
    /// broken reported with its path and the class it comes from; then, for a VC 2.0 record, the pinned CLR 2.0 JSON
    /// Schema (<see cref="SchemaProblem"/>). An Association that names no achievement of the CLR passes with a warning:
    /// the spec does not require its ends to be listed, but a reader cannot follow it.
    /// </summary>
    public static VerificationCheck Schema(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (StructureProblem(credential) is { } problem) return problem;
        JsonObject subject = credential["credentialSubject"]!.AsObject();
        JsonObject?[] carried = [.. subject["verifiableCredential"]!.AsArray().Select(Carried)];
        if (SchemaProblem(credential, carried) is { } violation) return violation;
        JsonObject[] associations = subject["association"] is JsonArray list ? [.. list.OfType<JsonObject>()] : [];
        HashSet<string> achievements = associations.Length == 0 ? [] : AchievementIds(subject, carried);
        HashSet<string> seen = new(StringComparer.Ordinal);
        List<string> dangling = [];
        foreach (JsonObject association in associations)
            foreach (string end in new[] { "sourceId", "targetId" })
                if (JsonText.Of(association[end]) is { } id && !achievements.Contains(id) && seen.Add(id))
                    dangling.Add(id);
        if (dangling.Count > 0)
            return new(Checks.Schema, CheckStatus.Warning, ClrAssociationUnresolved,
                $"The CLR has the structure CLR 2.0 requires, but its associations name {Named(dangling)}, which is not the id of any achievement in the CLR or in its credentials.");
        return new(Checks.Schema, CheckStatus.Passed, SchemaValid, CredentialChecks.IsVc11(credential)
            ? "The CLR has the structure CLR 2.0 requires (ClrCredential, ClrSubject, Achievement and Association rules checked one by one; the CLR 2.0 JSON Schema is for the VC 2.0 form, so it was not applied to this VC 1.1 record)."
            : "The CLR matches the CLR 2.0 JSON Schema and has the structure CLR 2.0 requires (ClrCredential, ClrSubject, Achievement and Association rules checked one by one).");
    }

    /// <summary>
    /// The first violation of the pinned CLR 2.0 ClrCredential JSON Schema, or <c>null</c>; a VC 1.1 record (the Candidate
    /// Final form) is not checked, as that schema is for VC 2.0. An inner credential secured as a VC-JWT (a string, or an
    /// EnvelopedVerifiableCredential) is read as the credential it carries, which the envelope stands for (VC 2.0 §4.13),
    /// so the schema's VerifiableCredential rules apply to every credential of the record, however it is secured.
    /// </summary>
    /// <param name="credential">The record.</param>
    /// <param name="carried">The credential each entry of its <c>verifiableCredential</c> is (<see cref="Carried"/>).</param>
    private static VerificationCheck? SchemaProblem(JsonObject credential, JsonObject?[] carried)
    {
        if (CredentialChecks.IsVc11(credential)) return null;
        Schemas.SchemaValidationResult result = Schemas.ObSchemas.ValidateClrCredential(WithJwtsRead(credential, carried));
        if (result.IsValid) return null;
        return new(Checks.Schema, CheckStatus.Failed, VerificationCodes.SchemaViolation, $"The CLR does not match the CLR 2.0 JSON Schema: {result.Describe("the record")}");
    }

    /// <summary>The record, or when it holds VC-JWT credentials a copy with each one that decodes replaced by its credential.</summary>
    private static JsonObject WithJwtsRead(JsonObject credential, JsonObject?[] carried)
    {
        JsonArray entries = credential["credentialSubject"]!["verifiableCredential"]!.AsArray();
        bool Read(int i) => carried[i] is { } inner && inner != entries[i];
        if (!Enumerable.Range(0, carried.Length).Any(Read)) return credential;
        JsonObject copy = (JsonObject)credential.DeepClone();
        JsonArray copied = copy["credentialSubject"]!["verifiableCredential"]!.AsArray();
        for (int i = 0; i < carried.Length; i++)
            if (Read(i)) copied[i] = carried[i]!.DeepClone();
        return copy;
    }

    private static VerificationCheck? StructureProblem(JsonObject credential)
    {
        // ClrCredential type: VerifiableCredential and ClrCredential.
        IReadOnlyList<string> types = CredentialChecks.Types(credential);
        if (!types.Contains("VerifiableCredential"))
            return Fail("/type", $"must include VerifiableCredential and ClrCredential (CLR 2.0 ClrCredential type); found [{string.Join(", ", types)}]");

        // ClrCredential @context: the VC context first (VC 1.1 for CLRs of the Candidate Final period), the CLR 2.0
        // context second, and the OB 3.0 context that defines Achievement and Profile.
        if (credential["@context"] is not JsonArray contexts || contexts.Count < 3
            || JsonText.Of(contexts[0]) is not (ObContexts.CredentialsV2 or CredentialChecks.CredentialsV1)
            || JsonText.Of(contexts[1]) is not { } clr || !ClrContextPattern().IsMatch(clr)
            || !contexts.Skip(2).Any(c => JsonText.Of(c) is { } ob && ObContextPattern().IsMatch(ob)))
            return new(Checks.Schema, CheckStatus.Failed, ContextOrder,
                $"@context must start with the VC context ({ObContexts.CredentialsV2}), then a CLR 2.0 context (https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.x.json), and include an OB 3.0 context (CLR 2.0 ClrCredential @context).");

        // ClrCredential id (URI, 1), name (String, 1), issuer (Profile, 1), validFrom (DateTime, 1; issuanceDate in VC 1.1).
        if (!IsUri(credential["id"]))
            return Fail("/id", $"must be a URI that identifies the CLR (CLR 2.0 ClrCredential id); found {Found(credential["id"])}");
        if (JsonText.Of(credential["name"]) is not { Length: > 0 })
            return Fail("/name", $"must be the CLR's name, a non-empty string (CLR 2.0 ClrCredential name); found {Found(credential["name"])}");
        if (credential["issuer"] is not JsonObject issuer || !IsUri(issuer["id"]))
            return Fail("/issuer", "must be a Profile with a URI id (CLR 2.0 ClrCredential issuer)");
        string from = CredentialChecks.IsVc11(credential) ? "issuanceDate" : "validFrom";
        if (credential[from] is null)
            return Fail($"/{from}", "is required: the date from which the CLR is valid (CLR 2.0 ClrCredential validFrom)");
        if (credential["partial"] is { } partial && partial.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            return Fail("/partial", $"must be true or false (CLR 2.0 ClrCredential partial, Boolean); found {Found(partial)}");

        // ClrCredential credentialSubject (ClrSubject, 1); ClrSubject type contains ClrSubject; id or identifier.
        if (credential["credentialSubject"] is not JsonObject subject)
            return Fail("/credentialSubject", "must be one ClrSubject object (CLR 2.0 ClrCredential credentialSubject)");
        if (!CredentialChecks.Types(subject).Contains("ClrSubject"))
            return Fail("/credentialSubject/type", $"must include ClrSubject (CLR 2.0 ClrSubject type); found {Found(subject["type"])}");
        if (subject["id"] is null && CredentialChecks.Identifiers(subject).Count == 0)
            return new(Checks.Schema, CheckStatus.Failed, SubjectUnidentified,
                "The CLR's subject has neither an id nor an identifier, so it is not clear whose record it is (CLR 2.0 ClrSubject: either id or at least one identifier MUST be supplied).");
        if (subject["id"] is { } subjectId && !IsUri(subjectId))
            return Fail("/credentialSubject/id", $"must be a URI (CLR 2.0 ClrSubject id); found {Found(subjectId)}");

        // ClrSubject verifiableCredential (VerifiableCredential, 1..*).
        if (subject["verifiableCredential"] is not JsonArray { Count: > 0 } inner)
            return Fail("/credentialSubject/verifiableCredential", $"must be a non-empty array of the learner's credentials (CLR 2.0 ClrSubject verifiableCredential, 1..*); found {Found(subject["verifiableCredential"])}");
        for (int i = 0; i < inner.Count; i++)
            if (inner[i] is not (JsonObject or JsonValue) || (inner[i] is JsonValue && JsonText.Of(inner[i]) is null))
                return Fail($"/credentialSubject/verifiableCredential/{i}", $"must be a credential: an object, or a VC-JWT as a string; found {Found(inner[i])}");

        // ClrSubject achievement (Achievement, 0..*): each with id (URI, 1), type containing Achievement, name (1), criteria (1).
        if (subject["achievement"] is { } achievementNode)
        {
            if (achievementNode is not JsonArray achievements)
                return Fail("/credentialSubject/achievement", $"must be an array of Achievements (CLR 2.0 ClrSubject achievement, 0..*); found {Found(achievementNode)}");
            for (int i = 0; i < achievements.Count; i++)
            {
                string at = $"/credentialSubject/achievement/{i}";
                if (achievements[i] is not JsonObject achievement)
                    return Fail(at, $"must be an Achievement object (CLR 2.0 ClrSubject achievement); found {Found(achievements[i])}");
                if (!IsUri(achievement["id"]))
                    return Fail(at + "/id", $"must be a URI that identifies the achievement (CLR 2.0 Achievement id, 1); found {Found(achievement["id"])}");
                if (!CredentialChecks.Types(achievement).Contains("Achievement"))
                    return Fail(at + "/type", $"must include Achievement (CLR 2.0 Achievement type); found {Found(achievement["type"])}");
                if (JsonText.Of(achievement["name"]) is not { Length: > 0 })
                    return Fail(at + "/name", $"must be the achievement's name (CLR 2.0 Achievement name, 1); found {Found(achievement["name"])}");
                if (achievement["criteria"] is not JsonObject)
                    return Fail(at + "/criteria", $"must be a Criteria object (CLR 2.0 Achievement criteria, 1); found {Found(achievement["criteria"])}");
            }
        }

        // ClrSubject association (Association, 0..*): type Association, associationType (AssociationType, 1), sourceId and targetId (URI, 1).
        if (subject["association"] is { } associationNode)
        {
            if (associationNode is not JsonArray associations)
                return Fail("/credentialSubject/association", $"must be an array of Associations (CLR 2.0 ClrSubject association, 0..*); found {Found(associationNode)}");
            for (int i = 0; i < associations.Count; i++)
            {
                string at = $"/credentialSubject/association/{i}";
                if (associations[i] is not JsonObject association)
                    return Fail(at, $"must be an Association object (CLR 2.0 ClrSubject association); found {Found(associations[i])}");
                if (!CredentialChecks.Types(association).Contains("Association"))
                    return Fail(at + "/type", $"must be Association (CLR 2.0 Association type); found {Found(association["type"])}");
                if (JsonText.Of(association["associationType"]) is not { } kind || !AssociationTypes.Contains(kind))
                    return Fail(at + "/associationType", $"must be one of {string.Join(", ", AssociationTypes)} (CLR 2.0 AssociationType enumeration); found {Found(association["associationType"])}");
                foreach (string end in new[] { "sourceId", "targetId" })
                    if (!IsUri(association[end]))
                        return Fail($"{at}/{end}", $"must be the URI of an achievement (CLR 2.0 Association {end}, 1); found {Found(association[end])}");
            }
        }
        return null;
    }

    /// <summary>
    /// The <c>learner</c> check of a credential inside a CLR. CLR 2.0 ClrSubject: the CLR is the record of one learner, so
    /// each of its credentials should be about that learner: the same subject id, or an identifier of the same type with
    /// the same identity hash. Different ids, or identifiers hashed the same way that differ, are a warning (the credential
    /// is still verified on its own); identifiers hashed with different salts cannot be compared, which is said as such.
    /// </summary>
    public static VerificationCheck Learner(JsonObject clr, JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(clr);
        ArgumentNullException.ThrowIfNull(credential);
        JsonObject learner = clr["credentialSubject"] as JsonObject ?? [];
        JsonObject subject = credential["credentialSubject"] as JsonObject ?? [];
        string? learnerId = JsonText.Of(learner["id"]), subjectId = JsonText.Of(subject["id"]);
        if (learnerId is not null && learnerId == subjectId)
            return new(Checks.Learner, CheckStatus.Passed, LearnerMatched, "The credential is about the CLR's learner (the same subject id).");
        IReadOnlyList<JsonObject> theirs = CredentialChecks.Identifiers(learner), ours = CredentialChecks.Identifiers(subject);
        if (ours.FirstOrDefault(o => theirs.Any(t => SameKind(o, t) && Value(o) is { } v && v == Value(t))) is { } same)
            return new(Checks.Learner, CheckStatus.Passed, LearnerMatched,
                $"The credential is about the CLR's learner: its {JsonText.Of(same["identityType"]) ?? "untyped"} identifier has the same {(Hashed(same) ? "hash" : "value")} as the CLR subject's.");
        if ((learnerId is not null && subjectId is not null) || ours.Any(o => theirs.Any(t => SameKind(o, t))))
            return new(Checks.Learner, CheckStatus.Warning, LearnerUnmatched,
                "The credential is about someone other than the CLR's learner: its subject id, or its identifier of the same type hashed the same way, differs from the CLR subject's.");
        return new(Checks.Learner, CheckStatus.Skipped, LearnerNotComparable,
            "Whether the credential is about the CLR's learner cannot be told from the two alone (their identifiers are of other types or hashed with other salts); give the expected recipient to compare each credential with it.");
    }

    /// <summary>Two IdentityObjects whose values can be compared: the same identityType, both hashed with the same salt or both plain.</summary>
    private static bool SameKind(JsonObject a, JsonObject b) =>
        JsonText.Of(a["identityType"]) == JsonText.Of(b["identityType"]) && Hashed(a) == Hashed(b) && JsonText.Of(a["salt"]) == JsonText.Of(b["salt"]);

    private static bool Hashed(JsonObject identifier) => identifier["hashed"] is JsonValue h && h.TryGetValue(out bool hashed) && hashed;

    private static string? Value(JsonObject identifier) => JsonText.Of(identifier["identityHash"]);

    /// <summary>
    /// The <c>credentials</c> check of a CLR: what the reports of its inner credentials add up to. An inner credential that
    /// is not valid (revoked, tampered, expired) or not about the learner is a warning that names it: the CLR's own
    /// proof and dates stand, and the other credentials stay valid. Credentials beyond those checked make it indeterminate.
    /// </summary>
    /// <param name="reports">The reports of the inner credentials checked, in order.</param>
    /// <param name="total">How many inner credentials the CLR carries.</param>
    public static VerificationCheck Credentials(IReadOnlyList<VerificationReport> reports, int total)
    {
        ArgumentNullException.ThrowIfNull(reports);
        List<string> invalid = [], unsure = [], otherLearner = [];
        for (int i = 0; i < reports.Count; i++)
        {
            VerificationReport report = reports[i];
            string name = Label(report, i);
            if (report.Checks.FirstOrDefault(c => c.Status == CheckStatus.Failed) is { } failed) invalid.Add($"{name} {Reason(failed)}");
            else if (report.Checks.FirstOrDefault(c => c.Status == CheckStatus.Indeterminate) is { } open) unsure.Add($"{name} ({open.Check})");
            if (report.Checks.Any(c => c.Code == LearnerUnmatched)) otherLearner.Add(name);
        }
        List<string> sentences = [];
        if (invalid.Count > 0) sentences.Add($"{invalid.Count} of {reports.Count} inner credentials {(invalid.Count == 1 ? "is" : "are")} not valid: {Named(invalid)}.");
        if (unsure.Count > 0) sentences.Add($"{unsure.Count} of {reports.Count} could not be fully verified: {Named(unsure)}.");
        if (otherLearner.Count > 0) sentences.Add($"{otherLearner.Count} of {reports.Count} {(otherLearner.Count == 1 ? "is" : "are")} about someone other than the CLR's learner: {Named(otherLearner)}.");
        if (total > reports.Count)
            return new(Checks.Credentials, CheckStatus.Indeterminate, TooManyCredentials,
                $"The CLR carries {total} credentials; at most {reports.Count} are checked, so {total - reports.Count} were not. {string.Join(" ", sentences)}".TrimEnd());
        if (sentences.Count == 0)
            return new(Checks.Credentials, CheckStatus.Passed, CredentialsValid, $"All {reports.Count} inner credentials are valid.");
        string code = invalid.Count > 0 ? CredentialInvalid : unsure.Count > 0 ? CredentialUnverified : CredentialOtherLearner;
        return new(Checks.Credentials, CheckStatus.Warning, code,
            $"{string.Join(" ", sentences)} The CLR's own checks are not affected; see the report of each credential.");
    }

    /// <summary>How an inner credential is named in sentences: its achievement, else its name, else its id, else its place.</summary>
    public static string Label(VerificationReport report, int index)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Credential is { } c ? c.AchievementName ?? c.Name ?? c.Id ?? $"credential {index + 1}" : $"credential {index + 1}";
    }

    private static string Reason(VerificationCheck failed) => failed.Code switch
    {
        Revoked => "is revoked",
        Suspended => "is suspended",
        Expired => "has expired",
        NotYetValid => "is not valid yet",
        _ => $"failed its {failed.Check} check",
    };

    /// <summary>The ids of the achievements the CLR lists and of those its inner credentials (<paramref name="carried"/>: embedded or VC-JWT) award.</summary>
    private static HashSet<string> AchievementIds(JsonObject subject, JsonObject?[] carried)
    {
        HashSet<string> ids = new(StringComparer.Ordinal);
        foreach (JsonObject achievement in subject["achievement"] is JsonArray list ? list.OfType<JsonObject>() : [])
            if (JsonText.Of(achievement["id"]) is { } id) ids.Add(id);
        foreach (JsonObject? inner in carried)
            if (JsonText.Of(((inner?["credentialSubject"] as JsonObject)?["achievement"] as JsonObject)?["id"]) is { } awarded) ids.Add(awarded);
        return ids;
    }

    /// <summary>
    /// The credential an entry of <c>verifiableCredential</c> is: the object itself, or the one a VC-JWT carries (a string,
    /// or an EnvelopedVerifiableCredential), read without checking it; <c>null</c> when there is none to read.
    /// </summary>
    private static JsonObject? Carried(JsonNode? entry) => entry switch
    {
        JsonObject o when EnvelopedJwt(o) is { } jwt => Decoded(jwt),
        JsonObject o => o,
        JsonValue v when JsonText.Of(v) is { } jwt => Decoded(jwt),
        _ => null,
    };

    /// <summary>The credential a VC-JWT carries (its <c>vc</c> claim, or the payload), read without checking it.</summary>
    private static JsonObject? Decoded(string compactJws) =>
        VcJwt.TryDecode(compactJws.Trim(), out DecodedJwt? jwt, out _) ? jwt!.Payload["vc"] as JsonObject ?? jwt.Payload : null;

    /// <summary>At most <see cref="MaxNamed"/> items of a list for a sentence, and how many more there are.</summary>
    private static string Named(List<string> items) =>
        items.Count <= MaxNamed ? string.Join(", ", items) : $"{string.Join(", ", items.Take(MaxNamed))} and {items.Count - MaxNamed} more";

    private static bool IsUri(JsonNode? node) => JsonText.Of(node) is { } text && Uri.TryCreate(text, UriKind.Absolute, out _);

    private static string Found(JsonNode? node) => node is null ? "nothing" : node.ToJsonString() is { Length: <= 80 } json ? json : "a value too long to show";

    private static VerificationCheck Fail(string pointer, string rule) =>
        new(Checks.Schema, CheckStatus.Failed, ClrStructure, $"The CLR does not have the structure CLR 2.0 requires: {pointer} {rule}.");
}
