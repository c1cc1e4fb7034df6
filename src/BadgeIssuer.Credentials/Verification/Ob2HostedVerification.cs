// Open Badges 2.0 (IMS Global, 2018) hosted verification: an Assertion whose verification type is HostedBadge (alias
// "hosted") is trusted as its issuer serves it at its own HTTP(S) id; OB 2.0 §VerificationObject: the id must be in the
// issuer Profile's verification scope (startsWith, allowedOrigins) and, when the Profile declares none, on the Profile
// id's origin; §Assertion: a revoked hosted Assertion answers 410 Gone or carries revoked: true; expires ends it.
// There is no signature: trust rests on the issuer's host, which the report says. Every fetch goes through the
// verifier's document sources (this service's own documents, otherwise only allow-listed hosts).
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.LinkedData;
using BadgeIssuer.LinkedData.JsonLd;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>Verifies Open Badges 2.0 hosted Assertions and reports them as OB 2.0 (<see cref="Format"/>).</summary>
internal sealed class Ob2HostedVerification(DocumentSources sources, TimeProvider time)
{
    /// <summary>The OB 2.0 JSON-LD context.</summary>
    public const string Context = "https://w3id.org/openbadges/v2";

    /// <summary>The format an OB 2.0 hosted Assertion is reported as.</summary>
    public const string Format = "ob2-hosted";

    /// <summary>True when <paramref name="json"/> is an OB 2.0 Assertion: the OB 2.0 context, or type Assertion without a VC context.</summary>
    public static bool IsAssertion(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        List<string> contexts = Strings(json["@context"]);
        return contexts.Contains(Context, StringComparer.Ordinal)
            || (contexts.Count == 0 && Strings(json["type"]).Contains("Assertion", StringComparer.Ordinal));
    }

    /// <summary>True when <paramref name="content"/> is the JSON of an OB 2.0 Assertion.</summary>
    public static bool IsAssertion(byte[] content) => Parse(content) is { } json && IsAssertion(json);

    /// <summary>True when baked OB 2.0 text is a hosted assertion's URL rather than its JSON or a JWS.</summary>
    public static bool IsUrl(string text, out Uri? url) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out url) && url.Scheme is "https" or "http";

    /// <summary>
    /// The report on what an image's OB 2.0 entry holds (Open Badges Baking 1.0): a hosted assertion's URL, the
    /// assertion's JSON, or a signed assertion's JWS (not verified here, and the report says so).
    /// </summary>
    public Task<VerificationReport> VerifyBakedAsync(string text, string container, VerificationBudget budget)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsUrl(text, out Uri? url)) return VerifyUrlAsync(url!, container, budget);
        if (text.TrimStart().StartsWith('{') && Parse(Encoding.UTF8.GetBytes(text)) is { } assertion) return VerifyAsync(assertion, container, budget);
        return Task.FromResult(Report(Summary(null, null, null, container),
            [new(Checks.Hosted, CheckStatus.Indeterminate, Ob2SignedUnsupported, "The image carries a signed Open Badges 2.0 assertion; this verifier checks hosted OB 2.0 assertions only.")]));
    }

    /// <summary>The report on a hosted Assertion read from <paramref name="url"/> (a baked image's OB 2.0 entry, or a URL given to verify).</summary>
    public async Task<VerificationReport> VerifyUrlAsync(Uri url, string? container, VerificationBudget budget)
    {
        budget.ChargeDocument();
        FetchedContent fetched = await sources.GetAsync(url, budget.Token);
        if (fetched.GoneBody is not null) return Revoked(Parse(fetched.GoneBody), url.AbsoluteUri, container);
        if (fetched.Content is null || Parse(fetched.Content) is not { } assertion)
            return Report(Summary(null, null, null, container), [new(Checks.Hosted, CheckStatus.Indeterminate, NotFetched, $"The Open Badges 2.0 assertion could not be read from {url}: {fetched.Problem ?? "it is not a JSON object"}")]);
        return await VerifyAsync(assertion, container, budget);
    }

    /// <summary>
    /// The report on an OB 2.0 Assertion handed in (JSON, or baked): its hosted copy at its id is fetched and checked —
    /// the copy the issuer serves is the one that counts — then its BadgeClass, issuer Profile, scope, dates and recipient.
    /// </summary>
    public async Task<VerificationReport> VerifyAsync(JsonObject presented, string? container, VerificationBudget budget)
    {
        List<VerificationCheck> checks = [];
        CredentialSummary summary = Summary(presented, null, null, container);
        // A revoked assertion is often stripped to its id and revoked: true (OB 2.0 §Assertion); it is revoked whatever else it lacks.
        if (IsRevoked(presented)) return Revoked(presented, JsonText.Of(presented["id"]) ?? "", container, fetched: false);
        if (Missing(presented, "id", "type", "recipient", "badge", "verification", "issuedOn") is { } missing)
            return Report(summary, [new(Checks.Format, CheckStatus.Failed, MissingField, $"This Open Badges 2.0 assertion lacks {missing}, which OB 2.0 requires.")]);
        checks.Add(new(Checks.Format, CheckStatus.Passed, Ob2Assertion, "This is an Open Badges 2.0 assertion (not an OB 3.0 credential): it is checked by OB 2.0 hosted verification."));

        string verificationType = JsonText.Of(presented["verification"]?["type"]) ?? "";
        if (verificationType is "signed" or "SignedBadge")
            return Report(summary, [.. checks, new(Checks.Hosted, CheckStatus.Indeterminate, Ob2SignedUnsupported, "This is a signed Open Badges 2.0 assertion; this verifier checks hosted OB 2.0 assertions only.")]);
        if (verificationType is not ("hosted" or "HostedBadge") || !IsUrl(JsonText.Of(presented["id"]) ?? "", out Uri? id))
            return Report(summary, [.. checks, new(Checks.Hosted, CheckStatus.Failed, MissingField, "An OB 2.0 hosted assertion needs verification type hosted (HostedBadge) and an HTTP(S) id where it is served.")]);

        budget.ChargeDocument();
        FetchedContent fetched = await sources.GetAsync(id!, budget.Token);
        if (fetched.GoneBody is not null) return Revoked(Parse(fetched.GoneBody), id!.AbsoluteUri, container, checks);
        if (fetched.Content is null || Parse(fetched.Content) is not { } hosted)
            return Report(summary, [.. checks, new(Checks.Hosted, CheckStatus.Indeterminate, NotFetched, $"The hosted copy could not be read from {id}: {fetched.Problem ?? "it is not a JSON object"}")]);
        if (!string.Equals(JsonText.Of(hosted["id"]), id!.AbsoluteUri, StringComparison.Ordinal) && !string.Equals(JsonText.Of(hosted["id"]), JsonText.Of(presented["id"]), StringComparison.Ordinal))
            return Report(summary, [.. checks, new(Checks.Hosted, CheckStatus.Failed, Ob2IdMismatch, $"{id} serves an assertion with another id ({JsonText.Of(hosted["id"]) ?? "none"}).")]);
        if (IsRevoked(hosted)) return Revoked(hosted, id.AbsoluteUri, container, checks);
        checks.Add(JsonNode.DeepEquals(hosted, presented)
            ? new(Checks.Hosted, CheckStatus.Passed, Ob2HostedVerified, $"The issuer serves this assertion at its id {id}; OB 2.0 hosted assertions carry no signature, so trust rests on that host.")
            : new(Checks.Hosted, CheckStatus.Warning, Ob2PresentedDiffers, $"The issuer serves this assertion at {id}, but not exactly as it was handed in; the served copy is the one checked."));

        (JsonObject? badge, JsonObject? issuer, VerificationCheck resolved) = await ResolveAsync(hosted, budget);
        summary = Summary(hosted, badge, issuer, container);
        checks.Add(resolved);
        if (issuer is not null) checks.Add(Scope(id, issuer));
        checks.Add(Dates(hosted));
        checks.Add(new(Checks.Status, CheckStatus.Passed, NotRevoked, "The issuer serves the assertion and does not mark it revoked."));
        if (budget.Options.Recipient is { } expected) checks.Add(Recipient(hosted, expected));
        return Report(summary, checks);
    }

    /// <summary>The BadgeClass (embedded, or fetched from its id) and its issuer Profile (likewise).</summary>
    private async Task<(JsonObject? Badge, JsonObject? Issuer, VerificationCheck Check)> ResolveAsync(JsonObject assertion, VerificationBudget budget)
    {
        JsonObject? badge = await DocumentAsync(assertion["badge"], budget);
        if (badge is null || !Strings(badge["type"]).Contains("BadgeClass", StringComparer.Ordinal) || JsonText.Of(badge["name"]) is null)
            return (badge, null, new(Checks.Claims, CheckStatus.Failed, Ob2BadgeUnresolved, "The assertion's badge does not resolve to an OB 2.0 BadgeClass with a name."));
        JsonObject? issuer = await DocumentAsync(badge["issuer"], budget);
        if (issuer is null || !Strings(issuer["type"]).Any(t => t is "Issuer" or "Profile") || JsonText.Of(issuer["id"]) is null)
            return (badge, null, new(Checks.Claims, CheckStatus.Failed, Ob2BadgeUnresolved, "The BadgeClass's issuer does not resolve to an OB 2.0 issuer Profile with an id."));
        return (badge, issuer, new(Checks.Claims, CheckStatus.Passed, ClaimsConsistent, $"The BadgeClass \"{JsonText.Of(badge["name"])}\" and its issuer \"{JsonText.Of(issuer["name"]) ?? JsonText.Of(issuer["id"])}\" resolve."));
    }

    /// <summary>An embedded object as it is, or the JSON object served at an id (string), or <c>null</c>.</summary>
    private async Task<JsonObject?> DocumentAsync(JsonNode? node, VerificationBudget budget)
    {
        if (node is JsonObject embedded) return embedded;
        if (!IsUrl(JsonText.Of(node) ?? "", out Uri? url)) return null;
        budget.ChargeDocument();
        FetchedContent fetched = await sources.GetAsync(url!, budget.Token);
        return fetched.Content is null ? null : Parse(fetched.Content);
    }

    /// <summary>OB 2.0 §VerificationObject: the assertion id within the Profile's startsWith or allowedOrigins, or by default on the Profile id's origin.</summary>
    private static VerificationCheck Scope(Uri assertionId, JsonObject issuer)
    {
        string issuerId = JsonText.Of(issuer["id"])!;
        JsonNode? verification = issuer["verification"];
        List<string> startsWith = Strings(verification?["startsWith"]);
        List<string> origins = Strings(verification?["allowedOrigins"]);
        bool inScope;
        string rule;
        if (startsWith.Count > 0)
        {
            inScope = startsWith.Any(prefix => assertionId.AbsoluteUri.StartsWith(prefix, StringComparison.Ordinal));
            rule = $"starts with one of {string.Join(", ", startsWith)}";
        }
        else if (origins.Count > 0)
        {
            inScope = origins.Any(host => string.Equals(host, assertionId.Host, StringComparison.OrdinalIgnoreCase));
            rule = $"is on one of the allowed origins {string.Join(", ", origins)}";
        }
        else
        {
            inScope = Uri.TryCreate(issuerId, UriKind.Absolute, out Uri? profile)
                && string.Equals(profile.GetLeftPart(UriPartial.Authority), assertionId.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
            rule = $"is on the origin of the issuer Profile {issuerId}";
        }
        return inScope
            ? new(Checks.IssuerIdentity, CheckStatus.Passed, IssuerIdentityProven, $"The assertion's id {assertionId} {rule}, so its issuer's host vouches for it.")
            : new(Checks.IssuerIdentity, CheckStatus.Failed, Ob2OutOfScope, $"The assertion's id {assertionId} is outside its issuer's verification scope: it must be that it {rule}.");
    }

    private VerificationCheck Dates(JsonObject assertion)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (!DateTimeOffset.TryParse(JsonText.Of(assertion["issuedOn"]), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset issued))
            return new(Checks.Dates, CheckStatus.Failed, InvalidDate, "The assertion's issuedOn is not a date-time.");
        if (issued > now.AddMinutes(5)) return new(Checks.Dates, CheckStatus.Failed, NotYetValid, $"The assertion says it was issued on {issued:O}, which is in the future.");
        if (assertion["expires"] is { } expiresNode)
        {
            if (!DateTimeOffset.TryParse(JsonText.Of(expiresNode), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset expires))
                return new(Checks.Dates, CheckStatus.Failed, InvalidDate, "The assertion's expires is not a date-time.");
            if (expires <= now) return new(Checks.Dates, CheckStatus.Failed, Expired, $"The assertion expired on {expires:O}.");
        }
        return new(Checks.Dates, CheckStatus.Passed, DatesValid, "The assertion was issued in the past and has not expired.");
    }

    /// <summary>OB 2.0 §IdentityObject: the recipient's identity, hashed with its salt or plain, against the expected one.</summary>
    private static VerificationCheck Recipient(JsonObject assertion, ExpectedRecipient expected)
    {
        JsonNode? recipient = assertion["recipient"];
        string? identity = JsonText.Of(recipient?["identity"]);
        string? type = JsonText.Of(recipient?["type"]);
        string? wanted = expected.IdentityType switch { null => null, "emailAddress" => "email", "phone" => "telephone", var other => other };
        bool hashed = recipient?["hashed"] is JsonValue h && h.TryGetValue(out bool b) && b;
        bool typeMatches = wanted is null || string.Equals(type, wanted, StringComparison.Ordinal);
        string[] candidates = type == "email" ? [expected.Identity, expected.Identity.ToLowerInvariant()] : [expected.Identity];
        bool matches = identity is not null && typeMatches && (hashed
            ? candidates.Any(c => IdentityHash.Matches(identity, c, JsonText.Of(recipient?["salt"])))
            : candidates.Any(c => string.Equals(identity, c, StringComparison.Ordinal)));
        return matches
            ? new(Checks.Recipient, CheckStatus.Passed, RecipientMatched, $"The assertion was issued to the expected recipient (its {type} {(hashed ? "hash " : "")}matches).")
            : new(Checks.Recipient, CheckStatus.Failed, RecipientMismatch, $"The assertion was not issued to {expected.Identity}.");
    }

    /// <summary>
    /// The report of a revoked assertion: its issuer answered 410 Gone or revoked: true at its id (<paramref name="fetched"/>),
    /// or the copy handed in says revoked: true itself.
    /// </summary>
    private static VerificationReport Revoked(JsonObject? gone, string id, string? container, List<VerificationCheck>? earlier = null, bool fetched = true)
    {
        string reason = JsonText.Of(gone?["revocationReason"]) is { } why ? $" Reason given: {why}" : "";
        List<VerificationCheck> checks = [.. earlier ?? []];
        if (fetched) checks.Add(new(Checks.Hosted, CheckStatus.Passed, Ob2HostedVerified, $"The issuer answers for the assertion at its id {id}."));
        checks.Add(new(Checks.Status, CheckStatus.Failed, VerificationCodes.Revoked, $"This Open Badges 2.0 assertion is revoked.{reason}"));
        return Report(Summary(gone, null, null, container) with { Id = id }, checks);
    }

    private static bool IsRevoked(JsonObject assertion) => assertion["revoked"] is JsonValue revoked && revoked.TryGetValue(out bool value) && value;

    private static VerificationReport Report(CredentialSummary summary, List<VerificationCheck> checks) => VerificationReport.From(summary, checks);

    private static CredentialSummary Summary(JsonObject? assertion, JsonObject? badge, JsonObject? issuer, string? container) =>
        new(JsonText.Of(assertion?["id"]), ["Assertion"], JsonText.Of(issuer?["id"]), JsonText.Of(issuer?["name"]), JsonText.Of(badge?["name"]), null,
            JsonText.Of(assertion?["issuedOn"]), JsonText.Of(assertion?["expires"]), Format) { Container = container };

    private static string? Missing(JsonObject json, params string[] members)
    {
        string[] missing = [.. members.Where(m => json[m] is null)];
        return missing.Length == 0 ? null : string.Join(", ", missing);
    }

    /// <summary>A string or an array's strings.</summary>
    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray array => [.. array.Select(JsonText.Of).OfType<string>()],
        _ when JsonText.Of(node) is { } one => [one],
        _ => [],
    };

    private static JsonObject? Parse(byte[] content)
    {
        try
        {
            return JsonLdProcessor.Parse(Encoding.UTF8.GetString(content)) as JsonObject;
        }
        catch (LinkedDataException)
        {
            return null;
        }
    }
}
