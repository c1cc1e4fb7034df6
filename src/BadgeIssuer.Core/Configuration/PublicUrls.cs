namespace BadgeIssuer.Core.Configuration;

/// <summary>The public URLs of what this service publishes, all under <see cref="BadgeIssuerOptions.PublicBaseUrl"/>.</summary>
public sealed class PublicUrls(BadgeIssuerOptions options)
{
    /// <summary>The origin, without a trailing slash.</summary>
    public string Base { get; } = options.BaseUrl;

    /// <summary>Whether issuer ids are did:web DIDs (<see cref="IssuerSettings.DidWeb"/>).</summary>
    public bool DidWeb { get; } = options.Issuers.DidWeb;

    /// <summary>
    /// did:web 0.3 §3.2: the method-specific id of <see cref="Base"/>: the host (a port's colon percent-encoded as
    /// <c>%3A</c>) and each path segment, joined by colons.
    /// </summary>
    private readonly string _didWebPrefix = DidWebPrefix(options.BaseUrl);

    /// <summary>The issuer's id: its Profile URL, or with <see cref="DidWeb"/> its did:web DID.</summary>
    public string Issuer(string issuerId) => DidWeb ? $"{_didWebPrefix}:issuers:{issuerId}" : IssuerUrl(issuerId);

    /// <summary>Where the issuer's public Profile document is served.</summary>
    public string IssuerUrl(string issuerId) => $"{Base}/issuers/{issuerId}";

    /// <summary>The achievement's id and public Achievement document.</summary>
    public string Achievement(string issuerId, string achievementId) => $"{IssuerUrl(issuerId)}/achievements/{achievementId}";

    /// <summary>The credential's id and public document.</summary>
    public string Credential(string awardId) => $"{Base}/credentials/{awardId}";

    /// <summary>The compact VC-JWT of the credential.</summary>
    public string CredentialJwt(string awardId) => $"{Base}/credentials/{awardId}.jwt";

    /// <summary>A learner record's id and public document (a signed CLR 2.0 ClrCredential).</summary>
    public string LearnerRecord(string recordId) => $"{Base}/clrs/{recordId}";

    /// <summary>The signed BitstringStatusListCredential of a status list.</summary>
    public string StatusList(string listId) => $"{Base}/status-lists/{listId}";

    /// <summary>The claim page of the award whose claim token is <paramref name="token"/>.</summary>
    public string Claim(string token) => $"{Base}/claim/{token}";

    /// <summary>A teacher's page of one submission: status, feedback, resubmission (<see cref="Assessment.AssessmentLinks.TeacherToken"/>).</summary>
    public string SubmissionPage(string token) => $"{Base}/submit/{token}";

    /// <summary>An assessor's review page of one submission's round (<see cref="Assessment.AssessmentLinks.ReviewToken"/>).</summary>
    public string ReviewPage(string token) => $"{Base}/review/{token}";

    /// <summary>Where an uploaded evidence file is served, by its unguessable id.</summary>
    public string EvidenceFile(string fileId) => $"{Base}/evidence/{fileId}";

    /// <summary>The Open Badges 2.0 hosted Assertion of an award (its <c>id</c>, <c>verification.type</c> hosted).</summary>
    public string Ob2Assertion(string awardId) => $"{Base}/ob2/assertions/{awardId}";

    /// <summary>The Open Badges 2.0 BadgeClass of an achievement.</summary>
    public string Ob2BadgeClass(string achievementId) => $"{Base}/ob2/badges/{achievementId}";

    /// <summary>The picture of an achievement without a credential in it, for a BadgeClass whose achievement has no image.</summary>
    public string Ob2BadgeImage(string achievementId) => $"{Base}/ob2/badges/{achievementId}/image";

    /// <summary>The Open Badges 2.0 issuer Profile of an issuer.</summary>
    public string Ob2Issuer(string issuerId) => $"{Base}/ob2/issuers/{issuerId}";

    /// <summary>The public JWK of a signing key, also its JWT <c>kid</c>.</summary>
    public string Key(string keyId) => $"{Base}/keys/{keyId}";

    /// <summary>The JWK Set of every published key.</summary>
    public string Jwks => $"{Base}/.well-known/jwks.json";

    /// <summary>
    /// A key's verification method id (W3C Controlled Identifiers 1.0 §2.2), which Data Integrity proofs name: the
    /// URL of <see cref="VerificationMethodDocument"/>, or with <see cref="DidWeb"/> the DID URL <c>{did}#{keyId}</c>.
    /// </summary>
    public string VerificationMethod(string issuerId, string keyId) => DidWeb ? $"{Issuer(issuerId)}#{keyId}" : VerificationMethodDocument(issuerId, keyId);

    /// <summary>Where a key's Multikey (Ed25519) or JsonWebKey (RSA) document, controlled by the issuer, is served.</summary>
    public string VerificationMethodDocument(string issuerId, string keyId) => $"{IssuerUrl(issuerId)}/keys/{keyId}";

    /// <summary>The issuer id and key id of a verification method of this service (either form), or <c>null</c>.</summary>
    public (string IssuerId, string KeyId)? VerificationMethodParts(string url)
    {
        if (url is null) return null;
        string prefix = $"{Base}/issuers/";
        string didPrefix = $"{_didWebPrefix}:issuers:";
        string[] parts = url.StartsWith(prefix, StringComparison.Ordinal) ? url[prefix.Length..].Split("/keys/")
            : url.StartsWith(didPrefix, StringComparison.Ordinal) ? url[didPrefix.Length..].Split('#')
            : [];
        return parts is [string issuerId, string keyId] && Ids.IsWellFormed(issuerId) && Ids.IsWellFormed(keyId) ? (issuerId, keyId) : null;
    }

    private static string DidWebPrefix(string baseUrl)
    {
        Uri uri = new(baseUrl);
        string host = uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}%3A{uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        string path = uri.AbsolutePath.Trim('/');
        return "did:web:" + host + (path.Length == 0 ? "" : ":" + path.Replace('/', ':'));
    }

    /// <summary>The verification method id credentials issued before key documents carry: <c>{issuer}#{publicKeyMultibase}</c>.</summary>
    public string FragmentVerificationMethod(string issuerId, string publicKeyMultibase) => $"{Issuer(issuerId)}#{publicKeyMultibase}";

    /// <summary>
    /// The issuer id and fragment of the verification method id older credentials carry: the Profile URL with the
    /// publicKeyMultibase as fragment (<c>{issuer}#z6Mk…</c>), or <c>null</c>.
    /// </summary>
    public (string IssuerId, string Fragment)? FragmentVerificationMethodParts(string url)
    {
        string prefix = $"{Base}/issuers/";
        if (url is null || !url.StartsWith(prefix, StringComparison.Ordinal)) return null;
        int hash = url.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0) return null;
        string issuerId = url[prefix.Length..hash];
        return Ids.IsWellFormed(issuerId) ? (issuerId, url[(hash + 1)..]) : null;
    }

    /// <summary>The award id in a <see cref="Credential"/> URL of this service, or <c>null</c> for any other URL.</summary>
    public string? AwardIdFromCredential(string url) => IdAfter(Credential(""), url);

    /// <summary>The key id in a <see cref="Key"/> URL of this service, or <c>null</c> for any other URL.</summary>
    public string? KeyIdFromUrl(string url) => IdAfter(Key(""), url);

    private static readonly System.Buffers.SearchValues<char> AsciiLetters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// A requested file name (<c>{id}</c> or <c>{id}.{extension}</c>) as the id and the extension after its last dot,
    /// if any: how credential and learner record URLs name their forms. Only ASCII letters after a non-empty id make an
    /// extension; any other name (<c>../</c>, <c>.json</c>, <c>a.</c>) is all id, so it is answered as an unknown id.
    /// </summary>
    public static (string Id, string? Extension) SplitFile(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        int dot = file.LastIndexOf('.');
        return dot > 0 && dot < file.Length - 1 && !file.AsSpan(dot + 1).ContainsAnyExcept(AsciiLetters)
            ? (file[..dot], file[(dot + 1)..])
            : (file, null);
    }

    /// <summary>The well-formed id that makes up the rest of <paramref name="url"/> after <paramref name="prefix"/>, or <c>null</c>.</summary>
    private static string? IdAfter(string prefix, string url) =>
        url is not null && url.StartsWith(prefix, StringComparison.Ordinal) && Ids.IsWellFormed(url[prefix.Length..]) ? url[prefix.Length..] : null;
}
