// Open Badges 2.0 hosted verification (OB 2.0 §VerificationObject, HostedBadge): a verifier fetches the Assertion at its
// id and trusts what that URL serves; a revoked Assertion answers 410 Gone with revoked: true (OB 2.0 §Assertion,
// "many issuers strip a hosted Assertion down to only those properties when revoked").
using System.Text.Json.Nodes;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicPages.Imaging;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Issuing;

namespace BadgeIssuer.Api.PublicDocuments;

/// <summary>
/// <c>/ob2/...</c>: the Open Badges 2.0 hosted copy of every award of an issuer that publishes them
/// (<see cref="IssuerDraft.Ob2Compatibility"/>, default on), its BadgeClass, the BadgeClass's picture and the issuer Profile.
/// </summary>
public static class Ob2Endpoints
{
    private const string LdJson = "application/ld+json";

    public static void MapOb2Documents(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/ob2").WithTags("Open Badges 2.0");
        group.MapGet("/assertions/{awardId}", GetAssertionAsync)
            .WithName("GetOb2Assertion")
            .WithSummary("The award's Open Badges 2.0 hosted Assertion (same salted recipient hash as the OB 3.0 credential); 410 Gone with revoked: true once revoked or suspended")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json", additionalContentTypes: "application/json")
            .Produces(StatusCodes.Status410Gone, contentType: "application/ld+json").WithProblems(StatusCodes.Status404NotFound);
        group.MapGet("/badges/{achievementId}", GetBadgeClassAsync)
            .WithName("GetOb2BadgeClass").WithSummary("The Open Badges 2.0 BadgeClass of an achievement")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
        group.MapGet("/badges/{achievementId}/image", GetBadgeImageAsync)
            .WithName("GetOb2BadgeImage").WithSummary("The picture of a BadgeClass whose achievement has no image of its own (PNG, no credential inside)")
            .Produces(StatusCodes.Status200OK, contentType: "image/png").WithProblems(StatusCodes.Status404NotFound);
        group.MapGet("/issuers/{issuerId}", GetIssuerAsync)
            .WithName("GetOb2Issuer").WithSummary("The Open Badges 2.0 issuer Profile")
            .Produces(StatusCodes.Status200OK, contentType: "application/ld+json", additionalContentTypes: "application/json").WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAssertionAsync(string awardId, HttpContext http, PublicationService publication)
    {
        Outcome<Ob2Document> outcome = await publication.Ob2AssertionAsync(awardId, http.RequestAborted);
        if (outcome is not Done<Ob2Document> { Value: var document }) return outcome.ToProblem();
        return PublicEndpoints.Document(http, document.Json, LdJson, document.Gone ? StatusCodes.Status410Gone : StatusCodes.Status200OK);
    }

    private static async Task<IResult> GetBadgeClassAsync(string achievementId, HttpContext http, PublicationService publication)
    {
        Outcome<JsonObject> outcome = await publication.Ob2BadgeClassAsync(achievementId, http.RequestAborted);
        return outcome is Done<JsonObject> { Value: var badge } ? PublicEndpoints.Document(http, badge, LdJson) : outcome.ToProblem();
    }

    private static async Task<IResult> GetBadgeImageAsync(string achievementId, HttpContext http, PublicationService publication)
    {
        Outcome<(Achievement Achievement, Issuer Issuer)> outcome = await publication.Ob2BadgeAsync(achievementId, http.RequestAborted);
        if (outcome is not Done<(Achievement Achievement, Issuer Issuer)> { Value: var badge }) return outcome.ToProblem();
        http.Response.Headers.CacheControl = "public, max-age=60";
        return Results.Bytes(BadgePicture.Png(badge.Achievement.Name, badge.Issuer.Name), "image/png");
    }

    private static async Task<IResult> GetIssuerAsync(string issuerId, HttpContext http, PublicationService publication)
    {
        Outcome<JsonObject> outcome = await publication.Ob2IssuerAsync(issuerId, http.RequestAborted);
        return outcome is Done<JsonObject> { Value: var profile } ? PublicEndpoints.Document(http, profile, LdJson) : outcome.ToProblem();
    }
}
