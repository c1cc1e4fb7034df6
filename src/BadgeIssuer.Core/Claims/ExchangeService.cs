// Wallet pick-up by DID Authentication (issue 15, item 3): the Learner Credential Wallet's legacy deep link and VCALM
// (W3C VC API for Lifecycle Management) exchanges share one exchange. An exchange is a ClaimSession of kind "exchange":
// a capability (whoever holds its URL may present), so only the SHA-256 of its id is stored, like the claim token's; it
// holds the challenge and domain it asked for, lasts ten minutes (ExchangeOptions) and completes once.
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Presentations;

namespace BadgeIssuer.Core.Claims;

/// <summary>
/// The VCALM exchange states (GetExchangeResponse <c>state</c>): <c>pending</c> until a presentation is accepted,
/// <c>complete</c> once one is, <c>invalid</c> when the accepted presentation could not be turned into a claim (the award
/// was revoked or bound to another DID meanwhile).
/// </summary>
public static class ExchangeStates
{
    /// <summary>Waiting for a presentation.</summary>
    public const string Pending = "pending";
    /// <summary>A presentation was accepted and the award bound to its holder.</summary>
    public const string Complete = "complete";
    /// <summary>A presentation was accepted but the claim was refused; the exchange cannot be used again.</summary>
    public const string Invalid = "invalid";
}

/// <summary>A new exchange: its id (the only time it is known in plain), the challenge it asks to be signed, and its end.</summary>
public sealed record NewExchange(string Id, string Challenge, DateTimeOffset ExpiresAt);

/// <summary>What anyone holding an exchange's URL may read about it.</summary>
public sealed record ExchangeState(string State, DateTimeOffset ExpiresAt);

/// <summary>The exchange existed but its lifetime is over (RFC 9110 §15.5.11: gone for good).</summary>
public sealed record ExchangeExpired<T>(DateTimeOffset ExpiredAt) : Outcome<T>;

/// <summary>The presentation does not authenticate a holder for this exchange; nothing was bound. The pointer is within the request body.</summary>
public sealed record PresentationRefused(DidAuthFailure Failure) : Outcome<Award>;

/// <summary>How long an exchange accepts a presentation (<c>BadgeIssuer:Claims:ExchangeSeconds</c>).</summary>
public sealed record ExchangeOptions
{
    /// <summary>Issue 15, item 3: ten minutes.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Creates exchanges for a claim link and completes them with a DID Authentication presentation, binding the award to
/// the holder's DID through <see cref="ClaimService.BindHolderAsync"/>.
/// </summary>
public sealed class ExchangeService(IClaimSessionStore sessions, ClaimService claims, DidAuthentication didAuthentication, PublicUrls urls, ExchangeOptions options, TimeProvider clock)
{
    /// <summary>The session kind of an exchange.</summary>
    public const string Kind = "exchange";

    /// <summary>Random bytes in an exchange id and in a challenge.</summary>
    private const int IdBytes = 32;
    private const int ChallengeBytes = 16;

    /// <summary>The longest exchange id looked up: the base64url text of <see cref="IdBytes"/> bytes.</summary>
    public const int MaxIdLength = 43;

    /// <summary>
    /// The domain proofs are bound to (VC Data Integrity §2.1 <c>domain</c>; VCALM's DID Authentication request): the
    /// host, with its port when not the default, of <see cref="BadgeIssuerOptions.PublicBaseUrl"/>. It is also the
    /// <c>issuer</c> parameter of the Learner Credential Wallet's deep link.
    /// </summary>
    public string Domain { get; } = new Uri(urls.Base).Authority;

    /// <summary>The URL of an exchange: the VCALM exchange endpoint and the deep link's <c>vc_request_url</c>.</summary>
    public string Url(string exchangeId) => $"{urls.Base}/exchanges/{exchangeId}";

    /// <summary>Opens a new exchange for the award <paramref name="claimToken"/> opens (<see cref="ClaimService.OpenAsync"/>).</summary>
    public async Task<Outcome<NewExchange>> StartAsync(string claimToken, CancellationToken cancellationToken)
    {
        Outcome<Award> opened = await claims.OpenAsync(claimToken, cancellationToken);
        if (opened is not Done<Award> { Value: var award }) return Carry<Award, NewExchange>(opened);
        string id = Base64Url.Encode(RandomNumberGenerator.GetBytes(IdBytes));
        string challenge = Base64Url.Encode(RandomNumberGenerator.GetBytes(ChallengeBytes));
        DateTimeOffset now = clock.GetUtcNow();
        JsonObject data = new() { ["challenge"] = challenge, ["domain"] = Domain };
        ClaimSession session = new(ClaimSession.IdOf(id), Kind, award.Id, ExchangeStates.Pending, data.ToJsonString(), 0, now, now + options.Lifetime, 1);
        return await sessions.InsertAsync(session, cancellationToken) == WriteOutcome.Written
            ? new Done<NewExchange>(new NewExchange(id, challenge, session.ExpiresAt), Created: true)
            : new Conflict<NewExchange>("A new exchange could not be stored; open the wallet link again.");
    }

    /// <summary>The state of exchange <paramref name="exchangeId"/>; a pending one past its end is <see cref="ExchangeExpired{T}"/>.</summary>
    public async Task<Outcome<ExchangeState>> StateAsync(string exchangeId, CancellationToken cancellationToken)
    {
        (ClaimSession? session, Outcome<ExchangeState>? missing) = await FindAsync<ExchangeState>(exchangeId, cancellationToken);
        if (session is null) return missing!;
        return session.State == ExchangeStates.Pending && session.ExpiresAt <= clock.GetUtcNow()
            ? new ExchangeExpired<ExchangeState>(session.ExpiresAt)
            : new Done<ExchangeState>(new ExchangeState(session.State, session.ExpiresAt));
    }

    /// <summary>
    /// What the exchange asks for (the answer to VCALM's empty first message): DID Authentication with its challenge
    /// and domain, while it is pending.
    /// </summary>
    public async Task<Outcome<DidAuthRequest>> RequestAsync(string exchangeId, CancellationToken cancellationToken)
    {
        (ClaimSession? session, Outcome<DidAuthRequest>? refused) = await FindPendingAsync<DidAuthRequest>(exchangeId, cancellationToken);
        return session is null ? refused! : new Done<DidAuthRequest>(RequestOf(session, domainRequired: true));
    }

    /// <summary>
    /// Completes the exchange with <paramref name="presentation"/>: checks it (<see cref="DidAuthentication"/>), marks
    /// the exchange used (a compare-and-swap from the version read, so of two presentations at once one wins and the other
    /// gets <see cref="Conflict{T}"/>), then binds the award to the holder. <paramref name="legacyDeepLink"/>: the
    /// presentation came the Learner Credential Wallet's legacy way, whose request named no domain.
    /// </summary>
    public async Task<Outcome<Award>> PresentAsync(string exchangeId, JsonObject presentation, bool legacyDeepLink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        (ClaimSession? session, Outcome<Award>? refused) = await FindPendingAsync<Award>(exchangeId, cancellationToken);
        if (session is null) return refused!;
        DidAuthResult result = didAuthentication.Verify(presentation, RequestOf(session, domainRequired: !legacyDeepLink), cancellationToken);
        // The failure's pointer is within the presentation; the legacy link posts the presentation itself, VCALM wraps it.
        if (result.Failure is { } failure) return new PresentationRefused(failure with { Pointer = (legacyDeepLink ? "" : "/verifiablePresentation") + failure.Pointer });

        JsonObject data = JsonNode.Parse(session.DataJson)!.AsObject();
        data["holder"] = result.HolderDid;
        ClaimSession used = session with { State = ExchangeStates.Complete, DataJson = data.ToJsonString(), Version = session.Version + 1 };
        if (await sessions.UpdateAsync(used, session.Version, cancellationToken) != WriteOutcome.Written)
            return new Conflict<Award>("This exchange was completed by another presentation; an exchange is used once. Open the wallet link again for a new one.");

        Outcome<Award> bound = await claims.BindHolderAsync(session.AwardId, result.HolderDid!, legacyDeepLink ? ClaimChannels.Lcw : ClaimChannels.VcApi, cancellationToken);
        if (bound is not Done<Award>)
            await sessions.UpdateAsync(used with { State = ExchangeStates.Invalid, Version = used.Version + 1 }, used.Version, cancellationToken);
        return bound;
    }

    private static DidAuthRequest RequestOf(ClaimSession session, bool domainRequired)
    {
        using JsonDocument data = JsonDocument.Parse(session.DataJson);
        return new DidAuthRequest(data.RootElement.GetProperty("challenge").GetString()!, data.RootElement.GetProperty("domain").GetString()!, domainRequired);
    }

    private async Task<(ClaimSession? Session, Outcome<T>? Refused)> FindPendingAsync<T>(string exchangeId, CancellationToken cancellationToken)
    {
        (ClaimSession? session, Outcome<T>? missing) = await FindAsync<T>(exchangeId, cancellationToken);
        if (session is null) return (null, missing);
        if (session.ExpiresAt <= clock.GetUtcNow()) return (null, new ExchangeExpired<T>(session.ExpiresAt));
        return session.State == ExchangeStates.Pending
            ? (session, null)
            : (null, new Conflict<T>($"This exchange is {session.State}: an exchange is used once. Open the wallet link again for a new one."));
    }

    private async Task<(ClaimSession? Session, Outcome<T>? Missing)> FindAsync<T>(string exchangeId, CancellationToken cancellationToken)
    {
        ClaimSession? session = exchangeId.Length is > 0 and <= MaxIdLength && Base64Url.TryDecode(exchangeId) is not null
            ? await sessions.GetAsync(ClaimSession.IdOf(exchangeId), cancellationToken)
            : null;
        return session is { Kind: Kind } ? (session, null) : (null, new NotFound<T>("There is no such exchange; open the wallet link on the claim page again."));
    }

    private static Outcome<TOut> Carry<TIn, TOut>(Outcome<TIn> outcome) => outcome switch
    {
        NotFound<TIn> n => new NotFound<TOut>(n.Detail),
        Conflict<TIn> c => new Conflict<TOut>(c.Detail),
        _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name} opening a claim."),
    };
}
