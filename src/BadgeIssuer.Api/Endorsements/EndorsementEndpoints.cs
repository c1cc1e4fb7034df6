using System.Text.Json.Nodes;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Endorsements;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Endorsements;

/// <summary>An endorsement as the API answers it: who endorsed, when, and the signed OB 3.0 EndorsementCredential.</summary>
public sealed record EndorsementResponse(string Id, string EndorserId, DateTimeOffset At, JsonObject Credential)
{
    /// <summary>The answer for <paramref name="endorsement"/>.</summary>
    public static EndorsementResponse Of(Endorsement endorsement)
    {
        ArgumentNullException.ThrowIfNull(endorsement);
        return new(endorsement.Id, endorsement.EndorserId, endorsement.At, JsonNode.Parse(endorsement.CredentialJson)!.AsObject());
    }
}

/// <summary><c>/api/v1/issuers/{issuerId}/endorsements</c>: the issuer endorses another issuer's achievement or profile.</summary>
public static class EndorsementEndpoints
{
    public static void MapEndorsements(this RouteGroupBuilder issuer)
    {
        issuer.MapPost("/endorsements", EndorseAsync).RequireScope(Scopes.EndorsementsIssue).WithTags("Endorsements")
            .WithName("Endorse")
            .WithSummary("Endorse another issuer's achievement ({\"achievementId\", \"comment\"}) or profile ({\"issuerId\", \"comment\"}) with a signed OB 3.0 EndorsementCredential; "
                + "it is listed in the endorsed achievement's or profile's endorsement, and so in every badge issued after it. Endorsing the same thing again replaces the earlier endorsement")
            .AcceptsJson<EndorsementRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Created<EndorsementResponse>, ProblemHttpResult>> EndorseAsync(string issuerId, HttpContext http, JsonBody body, EndorsementService endorsements)
    {
        BodyResult<EndorsementRequest> request = await body.ReadAsync<EndorsementRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Endorsement> outcome = await endorsements.EndorseAsync(issuerId, request.Value!, http.RequestAborted);
        if (outcome is not Done<Endorsement> { Value: var endorsement }) return outcome.ToProblem();
        string subject = JsonNode.Parse(endorsement.CredentialJson)!["credentialSubject"]!["id"]!.GetValue<string>();
        return TypedResults.Created(subject, EndorsementResponse.Of(endorsement));
    }
}
