using System.Text.Json.Nodes;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Issuing;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.PublicDocuments;

/// <summary>
/// Public documents, no API key: issuer Profiles, Achievements, keys, and health (credentials: PublicPages).
/// </summary>
public static class PublicEndpoints
{
    public static void MapPublicDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/issuers/{issuerId}", GetProfileAsync).WithTags("Public")
            .WithName("GetIssuerProfile").WithSummary("The issuer's OB 3.0 Profile; its id is this URL")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/issuers/{issuerId}/did.json", GetDidDocumentAsync).WithTags("Public")
            .WithName("GetDidDocument").WithSummary("The issuer's DID document, when issuers have did:web ids (BadgeIssuer:Issuers:DidWeb)")
            .Produces(StatusCodes.Status200OK, contentType: "application/did+ld+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/issuers/{issuerId}/keys/{keyId}", GetKeyDocumentAsync).WithTags("Public")
            .WithName("GetVerificationMethod")
            .WithSummary("A key's verification method (Multikey or JsonWebKey, controller the issuer, revoked once retired or compromised); Data Integrity proofs name this URL")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/issuers/{issuerId}/achievements/{achievementId}", GetAchievementAsync).WithTags("Public")
            .WithName("GetPublicAchievement").WithSummary("The OB 3.0 Achievement; its id is this URL")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/status-lists/{listId}", GetStatusListAsync).WithTags("Public")
            .WithName("GetStatusList").WithSummary("A signed BitstringStatusListCredential (W3C Bitstring Status List 1.0); ETag and If-None-Match supported")
            .Produces(StatusCodes.Status200OK, contentType: "application/vc+ld+json").Produces(StatusCodes.Status304NotModified).WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/.well-known/jwks.json", GetJwksAsync).WithTags("Public")
            .WithName("GetJwks").WithSummary("The JWK Set of every issuer's published keys (JWT kid values are key URLs)");
        app.MapGet("/keys/{keyId}", GetKeyAsync).WithTags("Public")
            .WithName("GetKey").WithSummary("One public key as a JWK: what a JWT kid of ours dereferences to; revoked (a date-time) once retired or compromised")
            .Produces(StatusCodes.Status200OK, contentType: "application/jwk+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
        app.MapGet("/health", GetHealthAsync).WithTags("Public")
            .WithName("Health").WithSummary("Liveness and store reachability");
    }

    private static async Task<IResult> GetProfileAsync(string issuerId, HttpContext http, PublicationService publication) =>
        Json(http, await publication.ProfileAsync(issuerId, http.RequestAborted), "application/ld+json");

    private static async Task<IResult> GetDidDocumentAsync(string issuerId, HttpContext http, PublicationService publication) =>
        Json(http, await publication.DidDocumentAsync(issuerId, http.RequestAborted), "application/did+ld+json");

    private static async Task<IResult> GetKeyDocumentAsync(string issuerId, string keyId, HttpContext http, PublicationService publication) =>
        Json(http, await publication.KeyDocumentAsync(issuerId, keyId, http.RequestAborted), "application/ld+json");

    private static async Task<IResult> GetAchievementAsync(string issuerId, string achievementId, HttpContext http, PublicationService publication) =>
        Json(http, await publication.AchievementAsync(issuerId, achievementId, http.RequestAborted), "application/ld+json");

    private static async Task<IResult> GetStatusListAsync(string listId, HttpContext http, StatusService statuses)
    {
        Outcome<PublishedStatusList> outcome = await statuses.PublishedAsync(listId, http.RequestAborted);
        if (outcome is not Done<PublishedStatusList> d) return outcome.ToProblem();
        http.Response.Headers.ETag = d.Value.ETag;
        http.Response.Headers.CacheControl = "public, max-age=60, must-revalidate";
        return http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == d.Value.ETag || t.Trim() == "*"))
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(d.Value.Utf8Json, "application/vc+ld+json; charset=utf-8");
    }

    private static async Task<IResult> GetJwksAsync(HttpContext http, PublicationService publication)
    {
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Text((await publication.JwksAsync(http.RequestAborted)).ToJsonString(), "application/jwk-set+json");
    }

    private static async Task<IResult> GetKeyAsync(string keyId, HttpContext http, PublicationService publication) =>
        Json(http, await publication.KeyAsync(keyId, http.RequestAborted), "application/jwk+json");

    private static async Task<IResult> GetHealthAsync(IStoreHealth store, CancellationToken ct)
    {
        bool reachable = await store.PingAsync(ct);
        return Results.Json(new { status = reachable ? "ok" : "unhealthy", store = store.Name, storeReachable = reachable },
            statusCode: reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Json(HttpContext http, Outcome<JsonObject> outcome, string mediaType) =>
        outcome is Done<JsonObject> d ? Document(http, d.Value, mediaType) : outcome.ToProblem();

    /// <summary>
    /// A public JSON-LD document with <paramref name="status"/>: shared caches may keep it a minute, and it is labelled
    /// <c>application/json</c> when the client asks for that explicitly, else <paramref name="mediaType"/>.
    /// </summary>
    internal static IResult Document(HttpContext http, JsonObject document, string mediaType, int status = StatusCodes.Status200OK)
    {
        http.Response.Headers.CacheControl = "public, max-age=60";
        string type = Prefers(http.Request, "application/json") ? "application/json" : mediaType;
        return Results.Text(document.ToJsonString(), type, statusCode: status);
    }

    /// <summary>True when the Accept header names one of <paramref name="mediaTypes"/> explicitly.</summary>
    internal static bool Prefers(HttpRequest request, params string[] mediaTypes)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out IList<MediaTypeHeaderValue>? accepted)) return false;
        return accepted.Any(a => a.Quality is not 0 && mediaTypes.Any(m => a.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)));
    }
}
