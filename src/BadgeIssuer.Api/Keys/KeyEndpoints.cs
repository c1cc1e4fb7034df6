using System.Text.Json.Nodes;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Keys;

/// <summary>The body of <c>keys:rotate</c>: empty for a routine rotation, or the time a leaked key was compromised.</summary>
/// <param name="CompromisedAt">From when the current keys must not be trusted; proofs they made from then on fail.</param>
public sealed record RotateKeysRequest(DateTimeOffset? CompromisedAt = null);

/// <summary>A signing key as the API shows it: public parts only.</summary>
public sealed record KeyResponse(string Id, string Algorithm, string Status, string Kid, string VerificationMethod, string? PublicKeyMultibase,
    JsonNode PublicJwk, DateTimeOffset CreatedAt, DateTimeOffset? CompromisedAt)
{
    internal static KeyResponse From(SigningKey k, IssuerKeyService keys, PublicUrls urls) => new(
        k.Id, k.Algorithm, k.Status.ToString().ToLowerInvariant(), urls.Key(k.Id),
        urls.VerificationMethod(k.IssuerId, k.Id), k.PublicKeyMultibase,
        keys.PublicJwk(k), k.CreatedAt, k.CompromisedAt);
}

/// <summary><c>/api/v1/issuers/{issuerId}/keys</c>: list an issuer's keys, rotate them, mark them compromised (administrators).</summary>
public static class KeyEndpoints
{
    public static void MapKeys(this RouteGroupBuilder issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        issuer.MapGet("/keys", ListAsync).RequireScope(Scopes.IssuersAdmin).WithTags("Keys")
            .WithName("ListKeys").WithSummary("List an issuer's signing keys: current, retired and compromised (public parts only)");
        issuer.MapPost("/keys:rotate", RotateAsync).RequireScope(Scopes.IssuersAdmin).WithTags("Keys")
            .WithName("RotateKeys")
            .WithSummary("Make new current keys; old keys stay published and keep verifying what they signed, unless compromisedAt marks them compromised from that time on")
            .AcceptsJson<RotateKeysRequest>();
    }

    private static async Task<Results<Ok<KeyResponse[]>, ProblemHttpResult>> ListAsync(string issuerId, HttpContext http, IssuerService issuers,
        IssuerKeyService keys, PublicUrls urls)
    {
        Outcome<Issuer> issuer = await issuers.GetAsync(issuerId, http.RequestAborted);
        if (issuer is not Done<Issuer>) return issuer.ToProblem();
        return TypedResults.Ok((await keys.ListAsync(issuerId, http.RequestAborted)).Select(k => KeyResponse.From(k, keys, urls)).ToArray());
    }

    private static async Task<Results<Created<KeyResponse[]>, ProblemHttpResult>> RotateAsync(string issuerId, HttpContext http, JsonBody body, IssuerService issuers,
        IssuerKeyService keys, PublicUrls urls, TimeProvider time)
    {
        RotateKeysRequest request = new();
        if (http.Request.ContentLength is > 0 || http.Request.ContentType is not null)
        {
            BodyResult<RotateKeysRequest> read = await body.ReadAsync<RotateKeysRequest>(http);
            if (read.Problem is not null) return read.Problem;
            request = read.Value!;
        }
        if (request.CompromisedAt is { } at && at > time.GetUtcNow())
            return ApiProblems.Invalid([new FieldError("/compromisedAt", "must not be in the future: it is when the key was (or may have been) leaked.")]);
        Outcome<Issuer> issuer = await issuers.GetAsync(issuerId, http.RequestAborted);
        if (issuer is not Done<Issuer>) return issuer.ToProblem();
        Outcome<IReadOnlyList<SigningKey>> outcome = await keys.RotateAsync(issuerId, request.CompromisedAt, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Created((string?)null, d.Value.Select(k => KeyResponse.From(k, keys, urls)).ToArray()));
    }
}
