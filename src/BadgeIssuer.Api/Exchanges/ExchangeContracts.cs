using System.Text.Json.Serialization;
using BadgeIssuer.Api.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Credentials.Presentations;

namespace BadgeIssuer.Api.Exchanges;

/// <summary>
/// An answer to <c>POST /exchanges/{exchangeId}</c> (VCALM ExchangeParticipationServerMessage): what the exchange asks
/// for next, or the presentation that carries the credential. Exactly one of the two is present.
/// </summary>
/// <param name="VerifiablePresentationRequest">The DID Authentication request, the answer to an empty message.</param>
/// <param name="VerifiablePresentation">The credential, bound to the holder, in a presentation.</param>
public sealed record ExchangeAnswer(PresentationRequest? VerifiablePresentationRequest = null, IssuedPresentation? VerifiablePresentation = null);

/// <summary>
/// A Verifiable Presentation Request asking for DID Authentication (VCALM §"DID Authentication"): sign a
/// presentation whose holder is a did:key DID, with this challenge and domain in its proof.
/// </summary>
/// <param name="Query">One <c>DIDAuthentication</c> query.</param>
/// <param name="Challenge">The challenge the proof must carry.</param>
/// <param name="Domain">The domain the proof must carry: this service's host.</param>
public sealed record PresentationRequest(IReadOnlyList<DidAuthenticationQuery> Query, string Challenge, string Domain)
{
    internal static PresentationRequest From(DidAuthRequest request) =>
        new([new DidAuthenticationQuery("DIDAuthentication", [new AcceptedMethod(DidAuthentication.AcceptedMethod)])], request.Challenge, request.Domain);
}

/// <summary>A DID Authentication query: its type and the DID methods accepted.</summary>
/// <param name="Type">Always <c>DIDAuthentication</c>.</param>
/// <param name="AcceptedMethods">The DID methods a holder may use: <c>key</c>.</param>
public sealed record DidAuthenticationQuery(string Type, IReadOnlyList<AcceptedMethod> AcceptedMethods);

/// <summary>A DID method a holder may authenticate with.</summary>
/// <param name="Method">The DID method name, e.g. <c>key</c>.</param>
public sealed record AcceptedMethod(string Method);

/// <summary>
/// The presentation the credential comes in (VC Data Model 2.0 §4.13): unsigned, as VCALM issuance answers and as the
/// Learner Credential Wallet accepts (it verifies the credential inside). The credential is sent byte for byte as stored.
/// </summary>
/// <param name="Context">The VC 2.0 context.</param>
/// <param name="Type"><c>VerifiablePresentation</c>.</param>
/// <param name="VerifiableCredential">The award's credential, its subject now the holder's DID.</param>
public sealed record IssuedPresentation(
    [property: JsonPropertyName("@context")] IReadOnlyList<string> Context,
    IReadOnlyList<string> Type,
    IReadOnlyList<RawJson> VerifiableCredential)
{
    internal static IssuedPresentation Of(string credentialJson) =>
        new(["https://www.w3.org/ns/credentials/v2"], ["VerifiablePresentation"], [new RawJson(credentialJson)]);
}

/// <summary>An exchange's state (VCALM GetExchangeResponse): <c>pending</c>, <c>complete</c> or <c>invalid</c>, and when it ends.</summary>
/// <param name="State">The state.</param>
/// <param name="Expires">When the exchange stops accepting a presentation.</param>
public sealed record ExchangeStateResponse(string State, DateTimeOffset Expires)
{
    internal static ExchangeStateResponse From(ExchangeState state) => new(state.State, state.ExpiresAt);
}
