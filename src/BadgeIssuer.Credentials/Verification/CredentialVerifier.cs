// OB 3.0 §9.1 (verification, in the spec's order) and §9.2 (endorsements); DESIGN §4 (inputs, report shape, key provenance).
using System.Text.Json.Nodes;
using System.Text;
using BadgeIssuer.Credentials.Baking;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.LinkedData;
using BadgeIssuer.LinkedData.JsonLd;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>What the caller knows beyond the credential itself.</summary>
/// <param name="Recipient">Who the credential should be about; <c>null</c> skips the recipient check.</param>
public sealed record VerifyOptions(ExpectedRecipient? Recipient = null)
{
    /// <summary>No expectations.</summary>
    public static readonly VerifyOptions Default = new();
}

/// <summary>
/// Verifies credentials and answers with a report, never an exception. A correct signature is not enough: the
/// verdict is valid only when the key is shown to belong to the issuer.
/// </summary>
public sealed class CredentialVerifier
{
    /// <summary>The largest input accepted: a credential, a compact JWT or a baked image.</summary>
    public const int MaxContentBytes = 4 * 1024 * 1024;

    /// <summary>How deep endorsements of endorsements are followed.</summary>
    public const int MaxEndorsementDepth = 2;

    /// <summary>How many endorsements one verification checks at most, all levels together.</summary>
    public const int MaxEndorsements = 32;

    /// <summary>
    /// How many of a CLR's credentials are verified at most; the rest are counted in the <c>credentials</c> check, which
    /// is then indeterminate. A teacher's record of a few dozen badges fits; a CLR of thousands cannot keep the verifier busy.
    /// </summary>
    public const int MaxClrCredentials = 100;

    /// <summary>
    /// How long what a status list says (its proofs checked, its bits decoded) is reused for the same content at most:
    /// a changed list is read again at once; a compromise of the key that signed it is seen within this time.
    /// </summary>
    public static TimeSpan StatusListReuse => StatusListReads.CacheFor;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly TimeProvider _time;
    private readonly ProofChecks _proofs;
    private readonly JwtChecks _jwt;
    private readonly StatusChecks _status;
    private readonly DocumentSources _sources;
    private readonly Ob2HostedVerification _ob2;
    private readonly VerificationLimits _limits;

    /// <param name="trustedKeys">Keys of the issuers this service hosts.</param>
    /// <param name="time">The clock for date checks.</param>
    /// <param name="remote">Fetches documents from allow-listed hosts; <c>null</c> fetches nothing.</param>
    /// <param name="hosted">Documents this service serves itself (status lists, credentials); <c>null</c> when there is no service.</param>
    /// <param name="limits">What one verification may spend; <c>null</c>: <see cref="VerificationLimits.Default"/>.</param>
    public CredentialVerifier(ITrustedKeySource trustedKeys, TimeProvider time, RemoteDocuments? remote = null, IHostedDocuments? hosted = null, VerificationLimits? limits = null)
    {
        _time = time;
        _limits = limits ?? VerificationLimits.Default;
        _sources = new DocumentSources(hosted, remote);
        _proofs = new ProofChecks(trustedKeys, new EddsaDataIntegrity(), remote);
        _jwt = new JwtChecks(trustedKeys);
        _status = new StatusChecks(_sources, _proofs, new StatusListReads(time), time);
        _ob2 = new Ob2HostedVerification(_sources, time);
    }

    /// <summary>Verifies a JSON credential with embedded Data Integrity proofs (every proof in a proof set is checked).</summary>
    public Task<VerificationReport> VerifyJsonAsync(JsonObject credential, CancellationToken cancellationToken) =>
        VerifyJsonAsync(credential, VerifyOptions.Default, cancellationToken);

    /// <summary>
    /// Verifies a JSON credential with embedded Data Integrity proofs, with the caller's expectations; an Open Badges 2.0
    /// Assertion is verified by OB 2.0 hosted verification instead, and reported as such.
    /// </summary>
    public Task<VerificationReport> VerifyJsonAsync(JsonObject credential, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        return BudgetedAsync(options, null, budget => Ob2HostedVerification.IsAssertion(credential) ? _ob2.VerifyAsync(credential, null, budget) : JsonAsync(credential, budget, 0), cancellationToken);
    }

    /// <summary>Verifies a compact VC-JWT.</summary>
    public Task<VerificationReport> VerifyJwtAsync(string compactJws, CancellationToken cancellationToken) =>
        VerifyJwtAsync(compactJws, VerifyOptions.Default, cancellationToken);

    /// <summary>Verifies a compact VC-JWT, with the caller's expectations.</summary>
    public Task<VerificationReport> VerifyJwtAsync(string compactJws, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BudgetedAsync(options, null, budget => JwtAsync(compactJws, budget, 0), cancellationToken);
    }

    /// <summary>
    /// Verifies whatever was handed in: credential JSON or a compact VC-JWT as UTF-8 text. The format is detected
    /// from the content; <paramref name="container"/> names where it came from (<c>png</c>, <c>svg</c>, <c>url</c>).
    /// </summary>
    public Task<VerificationReport> VerifyTextAsync(string text, VerifyOptions options, string? container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        return BudgetedAsync(options, container, budget => TextAsync(text, container, budget), cancellationToken);
    }

    private async Task<VerificationReport> TextAsync(string text, string? container, VerificationBudget budget)
    {
        string trimmed = text.Trim().TrimStart('\uFEFF');
        VerificationReport report;
        if (trimmed.StartsWith('{'))
        {
            JsonObject? credential;
            try
            {
                credential = JsonLdProcessor.Parse(trimmed) as JsonObject;
            }
            catch (LinkedDataException ex)
            {
                return Unreadable(NotJson, $"This is not readable JSON: {ex.Message}", container);
            }
            if (credential is null) return Unreadable(NotJson, "The JSON is not an object, so it is not a credential.", container);
            report = Ob2HostedVerification.IsAssertion(credential) ? await _ob2.VerifyAsync(credential, container, budget) : await JsonAsync(credential, budget, 0);
        }
        else
        {
            report = await JwtAsync(trimmed, budget, 0);
        }
        return container is null || report.Credential is null ? report : report with { Credential = report.Credential with { Container = container } };
    }

    /// <summary>
    /// Verifies bytes of any supported kind: a baked PNG or SVG (OB 3.0 §5.3), or credential JSON or a compact
    /// VC-JWT in UTF-8.
    /// </summary>
    public Task<VerificationReport> VerifyContentAsync(ReadOnlyMemory<byte> content, VerifyOptions options, string? container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return BudgetedAsync(options, container, budget => ContentAsync(content, container, budget), cancellationToken);
    }

    private Task<VerificationReport> ContentAsync(ReadOnlyMemory<byte> content, string? container, VerificationBudget budget)
    {
        if (content.Length > MaxContentBytes)
            return Task.FromResult(Unreadable(TooLarge, $"The input is {content.Length} bytes; at most {MaxContentBytes} bytes are accepted.", container));
        bool png = PngBaking.IsPng(content.Span);
        string text;
        try
        {
            text = png ? "" : StrictUtf8.GetString(content.Span);
        }
        catch (DecoderFallbackException)
        {
            return Task.FromResult(Unreadable(NotACredential, "The input is neither a supported image (PNG, SVG) nor UTF-8 text, so it cannot be a credential.", container));
        }
        if (!png && !SvgBaking.LooksLikeSvg(content.Span)) return TextAsync(text, container, budget);

        string image = png ? "png" : "svg";
        budget.Container = image;
        try
        {
            string? baked = png ? PngBaking.Unbake(content.Span) : SvgBaking.Unbake(text);
            if (baked is not null) return TextAsync(baked, image, budget);
            // An image with no OB 3.0 credential may still carry an OB 2.0 assertion (Open Badges Baking 1.0).
            return (png ? PngBaking.UnbakeOb2(content.Span) : SvgBaking.UnbakeOb2(text)) is { } ob2
                ? _ob2.VerifyBakedAsync(ob2, image, budget)
                : Task.FromResult(Unreadable(NoBakedCredential, $"The {image.ToUpperInvariant()} image carries no Open Badges credential.", image));
        }
        catch (BakingException ex)
        {
            return Task.FromResult(Unreadable(ex.Code, ex.Message, image));
        }
    }

    /// <summary>
    /// Verifies the credential served at <paramref name="url"/>: one this service hosts, or one on a host the
    /// allow-list names. Any other URL is not fetched, and the report says so.
    /// </summary>
    public Task<VerificationReport> VerifyUrlAsync(Uri url, VerifyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        return BudgetedAsync(options, "url", budget => UrlAsync(url, budget), cancellationToken);
    }

    private async Task<VerificationReport> UrlAsync(Uri url, VerificationBudget budget)
    {
        budget.ChargeDocument();
        FetchedContent fetched = await _sources.GetAsync(url, budget.Token);
        // A 410 Gone whose body is an OB 2.0 assertion is its issuer saying it is revoked.
        if (fetched.GoneBody is { } gone && Ob2HostedVerification.IsAssertion(gone)) return await _ob2.VerifyUrlAsync(url, "url", budget);
        return fetched.Content is { } content
            ? await ContentAsync(content, "url", budget)
            : VerificationReport.From(null, [new(Checks.Format, CheckStatus.Indeterminate, NotFetched, $"The credential could not be read from {url}: {fetched.Problem}")]);
    }

    /// <summary>
    /// Runs one verification within its budget. When the budget or the deadline runs out, the report keeps what was
    /// established and says that the rest was not checked; when the caller cancels, the cancellation propagates.
    /// </summary>
    private async Task<VerificationReport> BudgetedAsync(VerifyOptions options, string? container, Func<VerificationBudget, Task<VerificationReport>> verify, CancellationToken cancellationToken)
    {
        using VerificationBudget budget = new(_limits, options, cancellationToken) { Container = container };
        try
        {
            return await verify(budget);
        }
        catch (Exception ex) when (ex is WorkLimitExceededException or VerificationBudgetExceededException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            CredentialSummary? summary = budget.Summary is { } s ? s with { Container = budget.Container } : budget.Container is { } c ? CredentialSummary.Empty(c) : null;
            return VerificationReport.From(summary, [.. budget.Checks ?? [], new(Checks.Budget, CheckStatus.Indeterminate, VerificationBudgetExceeded, budget.Sentence(ex))]);
        }
    }

    private static VerificationReport Unreadable(string code, string message, string? container) =>
        VerificationReport.From(container is null ? null : CredentialSummary.Empty(container), [new(Checks.Format, CheckStatus.Failed, code, message)]);

    /// <param name="credential">The credential.</param>
    /// <param name="budget">The verification's allowance.</param>
    /// <param name="depth">0 for the credential handed in; 1 for its endorsements and a CLR's credentials; 2 for theirs.</param>
    /// <param name="clr">The CLR that carries the credential, or <c>null</c>.</param>
    private async Task<VerificationReport> JsonAsync(JsonObject credential, VerificationBudget budget, int depth, JsonObject? clr = null)
    {
        List<VerificationCheck> checks = [];
        if (CredentialChecks.MissingMembers(credential, "@context", "type", "credentialSubject") is { } missing)
        {
            checks.Add(missing);
            return VerificationReport.From(null, checks);
        }
        CredentialSummary summary = VerificationReport.Summarize(credential, "json");
        if (depth == 0) (budget.Summary, budget.Checks) = (summary, checks);
        checks.Add(new(Checks.Format, CheckStatus.Passed, WellFormed, "The credential is well-formed JSON-LD."));
        checks.Add(CredentialChecks.Schema(ProofChecks.WithinProofLimit(credential)));
        budget.ThrowIfStopped();
        checks.AddRange(await _proofs.RunAsync(credential, budget));
        return await CommonAsync(credential, summary, checks, budget, depth, clr);
    }

    private async Task<VerificationReport> JwtAsync(string compactJws, VerificationBudget budget, int depth, JsonObject? clr = null)
    {
        List<VerificationCheck> checks = [];
        budget.ChargeBytes((compactJws?.Length ?? 0) * 3L / 4);
        if (!VcJwt.TryDecode(compactJws?.Trim() ?? "", out DecodedJwt? jwt, out string? error))
        {
            checks.Add(new(Checks.Format, CheckStatus.Failed, NotAJwt, $"This is not a readable VC-JWT: {error}"));
            return VerificationReport.From(null, checks);
        }
        JsonObject credential = jwt!.Payload["vc"] is JsonObject vc ? vc : jwt.Payload;
        if (CredentialChecks.MissingMembers(credential, "type", "credentialSubject") is { } missing)
        {
            checks.Add(missing);
            return VerificationReport.From(null, checks);
        }
        CredentialSummary summary = VerificationReport.Summarize(credential, "vc-jwt");
        if (depth == 0) (budget.Summary, budget.Checks) = (summary, checks);
        checks.Add(JwtChecks.Format(jwt.Header));
        checks.Add(CredentialChecks.Schema(credential));
        budget.ThrowIfStopped();
        (VerificationCheck signature, VerificationCheck provenance, IssuerVoucher? voucher) = await _jwt.SignatureAndProvenanceAsync(jwt, credential, budget.Token);
        checks.Add(signature);
        checks.Add(provenance);
        checks.Add(IssuerIdentityCheck.Run(credential, provenance, voucher));
        checks.Add(JwtChecks.Claims(jwt.Payload, credential));
        return await CommonAsync(credential, summary, checks, budget, depth, clr);
    }

    /// <summary>
    /// The checks after the proof, whatever carried it: dates, status, recipient, the learner of a CLR's credential,
    /// endorsements, and a CLR's credentials. The expected recipient is compared with the credential handed in and with
    /// each credential of a CLR (each should be about the same person), never with endorsements.
    /// </summary>
    private async Task<VerificationReport> CommonAsync(JsonObject credential, CredentialSummary summary, List<VerificationCheck> checks, VerificationBudget budget, int depth, JsonObject? clr)
    {
        checks.Add(CredentialChecks.Dates(credential, _time.GetUtcNow()));
        checks.AddRange(await _status.RunAsync(credential, budget));
        if ((depth == 0 || clr is not null) && budget.Options.Recipient is { } recipient) checks.Add(RecipientCheck.Run(credential, recipient));
        if (clr is not null) checks.Add(ClrChecks.Learner(clr, credential));
        List<VerificationReport> endorsements = [];
        if (Endorsements(credential) is { Count: > 0 } found)
        {
            if (depth >= MaxEndorsementDepth || budget.Endorsements + found.Count > MaxEndorsements)
            {
                checks.Add(new(Checks.Endorsements, CheckStatus.Warning, EndorsementsTooDeep,
                    $"The credential carries more endorsements (or endorsements of endorsements) than are checked here (at most {MaxEndorsements}, {MaxEndorsementDepth} levels deep)."));
            }
            else
            {
                budget.Endorsements += found.Count;
                foreach (JsonNode endorsement in found)
                    endorsements.Add(endorsement is JsonObject json
                        ? await JsonAsync(json, budget, depth + 1)
                        : await JwtAsync(JsonText.Of(endorsement) ?? "", budget, depth + 1));
                checks.Add(EndorsementCheck(endorsements));
            }
        }
        List<VerificationReport>? inner = ClrChecks.IsClr(credential) ? await ClrCredentialsAsync(credential, checks, budget, depth) : null;
        VerificationReport report = VerificationReport.From(summary, checks);
        return report with { Endorsements = endorsements.Count > 0 ? endorsements : null, Credentials = inner };
    }

    /// <summary>
    /// Verifies each credential a CLR carries as a credential of its own (CLR 2.0 ClrSubject verifiableCredential): an
    /// embedded credential with its Data Integrity proofs, a compact VC-JWT, or a VC-JWT in an EnvelopedVerifiableCredential
    /// (VC 2.0 §4.13.1), all within the one budget, at most <see cref="MaxClrCredentials"/> of them. Only the credential
    /// handed in has its CLR's credentials followed: a CLR inside a CLR has its own checks run, and its credentials are not
    /// verified, which leaves it indeterminate (and the work bounded).
    /// </summary>
    private async Task<List<VerificationReport>?> ClrCredentialsAsync(JsonObject clr, List<VerificationCheck> checks, VerificationBudget budget, int depth)
    {
        if (depth > 0)
        {
            checks.Add(new(Checks.Credentials, CheckStatus.Indeterminate, NestedClrNotFollowed,
                "This CLR is inside another credential; the credentials it carries are verified only when it is verified on its own."));
            return null;
        }
        IReadOnlyList<JsonNode?> entries = ClrChecks.InnerCredentials(clr);
        if (entries.Count == 0) return null;
        List<VerificationReport> reports = [];
        foreach (JsonNode? entry in entries.Take(MaxClrCredentials))
        {
            budget.ThrowIfStopped();
            reports.Add(entry switch
            {
                JsonObject envelope when ClrChecks.EnvelopedJwt(envelope) is { } jwt => await JwtAsync(jwt, budget, 1, clr),
                JsonObject envelope when ClrChecks.IsEnveloped(envelope) => VerificationReport.From(null, [new(Checks.Format, CheckStatus.Indeterminate, EnvelopeUnsupported,
                    $"The enveloped credential is not a VC-JWT (its id must start with {ClrChecks.VcJwtDataUrlPrefix}), so it could not be checked here.")]),
                JsonObject embedded => await JsonAsync(embedded, budget, 1, clr),
                JsonValue text when JsonText.Of(text) is { } jwt => await JwtAsync(jwt, budget, 1, clr),
                _ => VerificationReport.From(null, [new(Checks.Format, CheckStatus.Failed, NotACredential, "This entry of the CLR is neither a credential object nor a VC-JWT.")]),
            });
        }
        checks.Add(ClrChecks.Credentials(reports, entries.Count));
        return reports;
    }

    /// <summary>OB 3.0 §9.2: what may carry endorsements (<c>endorsement</c>, <c>endorsementJwt</c>): the credential, its achievement and its issuer.</summary>
    public static IEnumerable<JsonObject> EndorsementHolders(JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        JsonObject?[] holders = [credential, (credential["credentialSubject"] as JsonObject)?["achievement"] as JsonObject, credential["issuer"] as JsonObject];
        return holders.OfType<JsonObject>();
    }

    /// <summary>The endorsements of <see cref="EndorsementHolders"/>, embedded or as VC-JWTs.</summary>
    private static List<JsonNode> Endorsements(JsonObject credential)
    {
        List<JsonNode> found = [];
        foreach (JsonObject holder in EndorsementHolders(credential))
        {
            found.AddRange((holder["endorsement"] as JsonArray)?.OfType<JsonObject>() ?? []);
            found.AddRange((holder["endorsementJwt"] as JsonArray)?.OfType<JsonValue>() ?? []);
        }
        return found;
    }

    /// <summary>
    /// Endorsements are third parties' statements about the credential, its achievement or its issuer: each is verified
    /// and reported, and one that fails is shown as a warning without changing the verdict on the credential itself.
    /// </summary>
    private static VerificationCheck EndorsementCheck(List<VerificationReport> endorsements)
    {
        int notEndorsements = endorsements.Count(e => e.Credential is not { } c || !c.Types.Contains("EndorsementCredential"));
        int invalid = endorsements.Count(e => e.Status == VerificationStatus.Invalid);
        int unverified = endorsements.Count(e => e.Status == VerificationStatus.Indeterminate);
        if (notEndorsements > 0)
            return new(Checks.Endorsements, CheckStatus.Warning, EndorsementInvalid, $"{notEndorsements} of the {endorsements.Count} endorsement(s) is not an EndorsementCredential and was disregarded.");
        if (invalid > 0)
            return new(Checks.Endorsements, CheckStatus.Warning, EndorsementInvalid, $"{invalid} of the {endorsements.Count} endorsement(s) failed verification and should be disregarded; the credential itself is not affected. See the endorsement reports.");
        if (unverified > 0)
            return new(Checks.Endorsements, CheckStatus.Warning, EndorsementUnverified, $"{unverified} of the {endorsements.Count} endorsement(s) could not be fully verified; see the endorsement reports.");
        return new(Checks.Endorsements, CheckStatus.Passed, EndorsementsValid, $"All {endorsements.Count} endorsement(s) are valid.");
    }
}
