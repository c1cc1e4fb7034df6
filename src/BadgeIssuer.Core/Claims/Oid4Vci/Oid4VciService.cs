// OpenID4VCI 1.0 pre-authorized code flow over the claim foundation: a claim token opens an award (ClaimService), an
// offer by reference (§4.1.3) carries a single-use pre-authorized code with a tx_code (§4.1.1), the token endpoint
// (§6) trades them for an access token, the nonce endpoint (§7) hands out c_nonces, and the credential endpoint (§8)
// binds the award to the DID the key proof names (ClaimService.BindHolderAsync) and returns the credential. Every step's
// state is a ClaimSession; secrets (offer ids, codes, tokens, nonces) are stored only as their SHA-256, and a secret is
// used up by a versioned update from the version read, so two requests racing for it cannot both win.
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Proofs.Jose;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Claims.Oid4Vci;

/// <summary>A credential offer just made: the offer's URI for the wallet, and the tx_code to show the holder.</summary>
/// <param name="OfferUri"><c>openid-credential-offer://?credential_offer_uri=…</c> (§4.1.3).</param>
/// <param name="TxCode">The transaction code (§4.1.1), shown once and never stored in clear.</param>
/// <param name="Award">The award the offer delivers.</param>
/// <param name="ExpiresAt">When the offer and its pre-authorized code stop working.</param>
public sealed record CredentialOfferMade(string OfferUri, string TxCode, Award Award, DateTimeOffset ExpiresAt);

/// <summary>An access token just issued, and a c_nonce for wallets of draft 13, which expect one in the token response.</summary>
public sealed record AccessTokenIssued(string AccessToken, TimeSpan ExpiresIn, string CNonce, TimeSpan CNonceExpiresIn);

/// <summary>A c_nonce just issued (§7.2).</summary>
public sealed record NonceIssued(string CNonce, TimeSpan ExpiresIn);

/// <summary>A credential issued to a holder: the award bound to the holder's DID, and which response form the wallet reads.</summary>
public sealed record CredentialIssued(Award Award, bool Draft13);

/// <summary>The OpenID4VCI pre-authorized code flow (see the file header).</summary>
public sealed partial class Oid4VciService(ClaimService claims, IClaimSessionStore sessions, PublicUrls urls, TimeProvider time, ILogger<Oid4VciService> log)
{
    /// <summary>§4.1.1: how long an offer and its pre-authorized code are good for.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long an access token is good for: enough to ask for a nonce and the credential.</summary>
    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long a c_nonce is good for: enough to sign one proof.</summary>
    public static readonly TimeSpan NonceLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Wrong tx_codes a pre-authorized code survives; the fifth locks it (RFC 6749 §10.10: guessing must be infeasible).</summary>
    public const int MaxTxCodeAttempts = 5;

    /// <summary>The tx_code's length in digits (§4.1.1 <c>length</c>, <c>input_mode</c> numeric).</summary>
    public const int TxCodeLength = 6;

    /// <summary>The longest code, token or nonce looked up: ours are 43 characters.</summary>
    public const int MaxSecretLength = 256;

    /// <summary>The session kinds of this flow.</summary>
    public static class Kinds
    {
        /// <summary>An offer: looked up by the hash of its id, which the offer URL carries.</summary>
        public const string Offer = "oid4vci-offer";
        /// <summary>A pre-authorized code: <see cref="ClaimSession.Attempts"/> counts wrong tx_codes.</summary>
        public const string Code = "oid4vci-code";
        /// <summary>An access token.</summary>
        public const string Token = "oid4vci-token";
        /// <summary>A c_nonce.</summary>
        public const string Nonce = "oid4vci-nonce";
    }

    private static class States
    {
        public const string Open = "open";
        public const string Used = "used";
        public const string Locked = "locked";
    }

    /// <summary>How often a racing update is retried from a fresh read before the request is answered as it stands.</summary>
    private const int UpdateRetries = 8;

    /// <summary>
    /// Makes a credential offer for the award <paramref name="claimToken"/> opens: <c>NotFound</c> or <c>Conflict</c>
    /// as <see cref="ClaimService.OpenAsync"/> answers, <c>Conflict</c> when the badge is already in a wallet, else the
    /// offer URI and its tx_code.
    /// </summary>
    public async Task<Outcome<CredentialOfferMade>> OfferAsync(string claimToken, CancellationToken cancellationToken)
    {
        Outcome<Award> opened = await claims.OpenAsync(claimToken, cancellationToken);
        if (opened is not Done<Award> { Value: var award })
        {
            return opened switch
            {
                NotFound<Award> notFound => new NotFound<CredentialOfferMade>(notFound.Detail),
                Conflict<Award> conflict => new Conflict<CredentialOfferMade>(conflict.Detail),
                _ => new Conflict<CredentialOfferMade>("The badge cannot be claimed."),
            };
        }
        // The claim page offers no wallet once the badge is in one; an offer would only end in credential_request_denied.
        if (award.Holder is not null) return new Conflict<CredentialOfferMade>("This badge was already claimed into a wallet; it cannot be claimed into another.");
        DateTimeOffset now = time.GetUtcNow();
        DateTimeOffset expiresAt = now + CodeLifetime;
        string offerId = NewSecret();
        string code = PreAuthorizedCode(offerId);
        string txCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject codeData = new() { ["txCodeHash"] = TxCodeHash(code, txCode) };
        // The code first: an offer whose insert fails leaves only a code nobody can learn, which expires.
        await InsertAsync(new ClaimSession(ClaimSession.IdOf(code), Kinds.Code, award.Id, States.Open, codeData.ToJsonString(), 0, now, expiresAt, 1), cancellationToken);
        await InsertAsync(new ClaimSession(ClaimSession.IdOf(offerId), Kinds.Offer, award.Id, States.Open, "{}", 0, now, expiresAt, 1), cancellationToken);
        LogOfferMade(log, award.Id);
        return new Done<CredentialOfferMade>(new CredentialOfferMade(Oid4VciProtocol.OfferUri(urls, offerId), txCode, award, expiresAt), Created: true);
    }

    /// <summary>
    /// The credential offer object (§4.1.1) served at the offer URL: the issuer, the configuration, and the
    /// pre-authorized code grant with its tx_code description. <c>NotFound</c> for an unknown or expired offer.
    /// </summary>
    public async Task<Outcome<JsonObject>> OfferDocumentAsync(string offerId, CancellationToken cancellationToken)
    {
        if (!Readable(offerId)) return new NotFound<JsonObject>("No credential offer has this id.");
        ClaimSession? offer = await sessions.GetAsync(ClaimSession.IdOf(offerId), cancellationToken);
        if (offer is null || offer.Kind != Kinds.Offer) return new NotFound<JsonObject>("No credential offer has this id.");
        if (time.GetUtcNow() >= offer.ExpiresAt) return new NotFound<JsonObject>("This credential offer has expired; open the claim page again for a new one.");
        JsonObject document = new()
        {
            ["credential_issuer"] = Oid4VciProtocol.CredentialIssuer(urls),
            ["credential_configuration_ids"] = new JsonArray(Oid4VciProtocol.ConfigurationId),
            ["grants"] = new JsonObject
            {
                [Oid4VciProtocol.PreAuthorizedGrant] = new JsonObject
                {
                    ["pre-authorized_code"] = PreAuthorizedCode(offerId),
                    ["tx_code"] = new JsonObject
                    {
                        ["input_mode"] = "numeric",
                        ["length"] = TxCodeLength,
                        ["description"] = "Enter the 6-digit code shown on the badge's claim page.",
                    },
                },
            },
        };
        return new Done<JsonObject>(document);
    }

    /// <summary>
    /// The token request (§6.1) of the pre-authorized code grant: an access token, or the RFC 6749 §5.2 error. The
    /// code is single use, lives <see cref="CodeLifetime"/>, and is locked by the <see cref="MaxTxCodeAttempts"/>th
    /// wrong tx_code; each attempt is counted by a versioned update, so parallel guesses are counted too.
    /// </summary>
    public async Task<Outcome<AccessTokenIssued>> TokenAsync(string? code, string? txCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code)) return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidRequest, "The request has no pre-authorized_code.");
        if (string.IsNullOrEmpty(txCode)) return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidRequest, "The offer asks for a tx_code: send the code shown on the claim page as tx_code.");
        if (!Readable(code) || txCode.Length > MaxSecretLength) return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, "The pre-authorized code is unknown or has expired.");
        for (int attempt = 0; attempt < UpdateRetries; attempt++)
        {
            ClaimSession? session = await sessions.GetAsync(ClaimSession.IdOf(code), cancellationToken);
            DateTimeOffset now = time.GetUtcNow();
            if (session is null || session.Kind != Kinds.Code || now >= session.ExpiresAt)
                return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, "The pre-authorized code is unknown or has expired; open the claim page again for a new offer.");
            if (session.State == States.Used) return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, "The pre-authorized code has already been used.");
            if (session.State == States.Locked || session.Attempts >= MaxTxCodeAttempts)
                return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, $"The pre-authorized code is locked after {MaxTxCodeAttempts} wrong transaction codes; open the claim page again for a new offer.");

            bool right = CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(TxCodeHash(code, txCode)), Encoding.ASCII.GetBytes(StoredTxCodeHash(session)));
            int attempts = right ? session.Attempts : session.Attempts + 1;
            string state = right ? States.Used : attempts >= MaxTxCodeAttempts ? States.Locked : States.Open;
            WriteOutcome written = await sessions.UpdateAsync(session with { State = state, Attempts = attempts, Version = session.Version + 1 }, session.Version, cancellationToken);
            if (written == WriteOutcome.NotFound) return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, "The pre-authorized code is unknown or has expired.");
            if (written == WriteOutcome.Conflict) continue;
            if (!right)
            {
                LogWrongTxCode(log, session.AwardId, attempts);
                return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, state == States.Locked
                    ? $"The transaction code is wrong; after {MaxTxCodeAttempts} wrong codes the offer is locked. Open the claim page again for a new offer."
                    : $"The transaction code is wrong; {MaxTxCodeAttempts - attempts} more attempt(s) before the offer is locked.");
            }

            string accessToken = NewSecret();
            await InsertAsync(new ClaimSession(ClaimSession.IdOf(accessToken), Kinds.Token, session.AwardId, States.Open, "{}", 0, now, now + AccessTokenLifetime, 1), cancellationToken);
            NonceIssued nonce = await NonceAsync(cancellationToken);
            LogTokenIssued(log, session.AwardId);
            return new Done<AccessTokenIssued>(new AccessTokenIssued(accessToken, AccessTokenLifetime, nonce.CNonce, nonce.ExpiresIn));
        }
        return Refuse<AccessTokenIssued>(Oid4VciErrors.InvalidGrant, "The pre-authorized code is being used by another request at this moment.");
    }

    /// <summary>A fresh c_nonce (§7.2): single use, good for <see cref="NonceLifetime"/>.</summary>
    public async Task<NonceIssued> NonceAsync(CancellationToken cancellationToken)
    {
        string nonce = NewSecret();
        DateTimeOffset now = time.GetUtcNow();
        await InsertAsync(new ClaimSession(ClaimSession.IdOf(nonce), Kinds.Nonce, "", States.Open, "{}", 0, now, now + NonceLifetime, 1), cancellationToken);
        return new NonceIssued(nonce, NonceLifetime);
    }

    /// <summary>
    /// The credential request (§8.2) with <paramref name="accessToken"/>: <c>invalid_token</c> first for a token that
    /// is unknown or expired (RFC 6750 §3.1), then the request's and the proof's errors (§8.3.1.2), the nonce used up,
    /// and the award bound to the proof's DID. A badge already bound to another DID, or revoked, is
    /// <c>credential_request_denied</c>: the request is well-formed and proven, the issuer refuses it.
    /// </summary>
    public async Task<Outcome<CredentialIssued>> CredentialAsync(string accessToken, JsonObject? body, CancellationToken cancellationToken)
    {
        ClaimSession? token = Readable(accessToken) ? await sessions.GetAsync(ClaimSession.IdOf(accessToken), cancellationToken) : null;
        DateTimeOffset now = time.GetUtcNow();
        if (token is null || token.Kind != Kinds.Token || now >= token.ExpiresAt)
            return Refuse<CredentialIssued>(Oid4VciErrors.InvalidToken, "The access token is unknown or has expired.");

        Outcome<CredentialRequest> read = CredentialRequest.Read(body);
        if (read is ProtocolError<CredentialRequest> refused) return Refuse<CredentialIssued>(refused.Error, refused.Description);
        CredentialRequest request = ((Done<CredentialRequest>)read).Value;

        if (!KeyProofJwt.TryVerify(request.ProofJwt, Oid4VciProtocol.CredentialIssuer(urls), now, out KeyProof? proof, out string? proofError))
            return Refuse<CredentialIssued>(Oid4VciErrors.InvalidProof, proofError!);
        if (!await ConsumeNonceAsync(proof!.Nonce, cancellationToken))
            return Refuse<CredentialIssued>(Oid4VciErrors.InvalidNonce, "The proof's nonce is not a c_nonce of this issuer, or it was used or has expired; ask the nonce endpoint for a fresh one.");

        Outcome<Award> bound = await claims.BindHolderAsync(token.AwardId, proof.HolderDid, ClaimChannels.Oid4Vci, cancellationToken);
        switch (bound)
        {
            case Done<Award> { Value: var award }:
                LogCredentialIssued(log, award.Id);
                return new Done<CredentialIssued>(new CredentialIssued(award, request.Draft13));
            case Conflict<Award> conflict:
                return Refuse<CredentialIssued>(Oid4VciErrors.CredentialRequestDenied, conflict.Detail);
            case NotFound<Award> notFound:
                return Refuse<CredentialIssued>(Oid4VciErrors.CredentialRequestDenied, notFound.Detail);
            default:
                return Refuse<CredentialIssued>(Oid4VciErrors.CredentialRequestDenied, "The badge cannot be delivered.");
        }
    }

    /// <summary>Uses up a c_nonce: true only for the one request whose update from the version it read is written.</summary>
    private async Task<bool> ConsumeNonceAsync(string nonce, CancellationToken cancellationToken)
    {
        if (!Readable(nonce)) return false;
        ClaimSession? session = await sessions.GetAsync(ClaimSession.IdOf(nonce), cancellationToken);
        if (session is null || session.Kind != Kinds.Nonce || session.State != States.Open || time.GetUtcNow() >= session.ExpiresAt) return false;
        return await sessions.UpdateAsync(session with { State = States.Used, Version = session.Version + 1 }, session.Version, cancellationToken) == WriteOutcome.Written;
    }

    private async Task InsertAsync(ClaimSession session, CancellationToken cancellationToken)
    {
        // Ids are hashes of 32 random bytes: a duplicate is a broken random generator, not a case to handle.
        if (await sessions.InsertAsync(session, cancellationToken) != WriteOutcome.Written)
            throw new InvalidOperationException($"A {session.Kind} session with a fresh random id could not be stored.");
    }

    /// <summary>32 random bytes, base64url: the offer ids, access tokens and nonces.</summary>
    private static string NewSecret() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The pre-authorized code of an offer: derived from the offer's secret id (SHA-256 under a label), so that the
    /// offer URL can serve it while the store keeps only hashes of both; knowing one needs the offer URL either way.
    /// </summary>
    private static string PreAuthorizedCode(string offerId) =>
        Base64Url.Encode(SHA256.HashData(Encoding.UTF8.GetBytes("openid4vci pre-authorized_code\n" + offerId)));

    /// <summary>The tx_code's hash, keyed by its code, so six digits cannot be looked up in a table of all million.</summary>
    private static string TxCodeHash(string code, string txCode) => ClaimSession.IdOf(code + "\n" + txCode);

    private static string StoredTxCodeHash(ClaimSession session) =>
        JsonNode.Parse(session.DataJson)?["txCodeHash"]?.GetValue<string>() ?? throw new JsonException($"The {session.Kind} session has no txCodeHash.");

    private static bool Readable(string? secret) => !string.IsNullOrEmpty(secret) && secret.Length <= MaxSecretLength;

    private static ProtocolError<T> Refuse<T>(string error, string description) => new(error, description);

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenID4VCI credential offer made for award {AwardId}")]
    private static partial void LogOfferMade(ILogger logger, string awardId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenID4VCI wrong transaction code for award {AwardId} (attempt {Attempts})")]
    private static partial void LogWrongTxCode(ILogger logger, string awardId, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenID4VCI access token issued for award {AwardId}")]
    private static partial void LogTokenIssued(ILogger logger, string awardId);

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenID4VCI credential delivered for award {AwardId}")]
    private static partial void LogCredentialIssued(ILogger logger, string awardId);
}
