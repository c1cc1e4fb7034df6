using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Awards;

/// <summary><c>/api/v1/issuers/{issuerId}/awards</c>: issue a badge when the criteria are met, and read it back.</summary>
public static class AwardEndpoints
{
    /// <summary>The request header that makes issuing idempotent.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapAwards(this RouteGroupBuilder issuer)
    {
        RouteGroupBuilder group = issuer.MapGroup("/awards").WithTags("Awards");
        group.MapPost("", IssueAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("IssueAward")
            .WithSummary("Issue a signed OpenBadgeCredential if the results and evidence meet the achievement's criteria (422 lists every unmet rule; Idempotency-Key makes retries safe); stacked achievements the new award completes are issued too")
            .AcceptsJson<AwardRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{awardId}", GetAsync).RequireScope(Scopes.AwardsRead, Scopes.AwardsIssue)
            .WithName("GetAward").WithSummary("Read an issued award");
        group.MapGet("", ListAsync).RequireScope(Scopes.AwardsRead, Scopes.AwardsIssue)
            .WithName("ListAwards")
            .WithSummary("List the issuer's awards oldest first, optionally by achievementId, recipient (e-mail or id) and issuedFrom/issuedUntil (ISO 8601), with cursor pagination")
            .WithProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/{awardId}:revoke", RevokeAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("RevokeAward")
            .WithSummary("Revoke an award for good: its bit in the issuer's signed BitstringStatusList is set, so every verifier reports it revoked (repeating is harmless)")
            .AcceptsJson<RevokeRequest>().WithProblems(StatusCodes.Status409Conflict);
        group.MapPost("/{awardId}:suspend", SuspendAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("SuspendAward")
            .WithSummary("Suspend an award until further notice: its bit in the issuer's signed suspension list is set, so verifiers report it suspended (repeating is harmless; a revoked award cannot be suspended)")
            .AcceptsJson<SuspendRequest>().WithProblems(StatusCodes.Status409Conflict);
        group.MapPost("/{awardId}:unsuspend", UnsuspendAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("UnsuspendAward")
            .WithSummary("Lift a suspension: the award's suspension bit is cleared and it verifies as valid again (harmless when not suspended)")
            .WithProblems(StatusCodes.Status409Conflict);
        group.MapPost("/{awardId}:reissue", ReissueAsync).RequireAllScopes(Scopes.AwardsIssue, Scopes.AwardsRevoke)
            .WithName("ReissueAward")
            .WithSummary("Issue a corrected credential for the same achievement (the body of an award request) and revoke the old one with reason \"superseded\"; each names the other. Retrying is safe")
            .AcceptsJson<AwardRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{awardId}:notify", NotifyAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("NotifyAward")
            .WithSummary("Send the award's claim e-mail again, with a new claim link if the old one expired (202; nothing is queued twice while a mail waits). 409 when claimed or revoked, 422 without an e-mail recipient or without mail configured")
            .WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{awardId}:readdress", ReaddressAsync).RequireAllScopes(Scopes.AwardsIssue, Scopes.AwardsRevoke)
            .WithName("ReaddressAward")
            .WithSummary("Issue the badge again to another e-mail address ({\"email\": ...}): the old award is revoked as \"superseded\" and the new one's claim mail goes to the new address. 409 once claimed. Retrying is safe")
            .AcceptsJson<ReaddressRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Accepted<AwardResponse>, ProblemHttpResult>> NotifyAsync(string issuerId, string awardId, ClaimMailService mail, AwardResponses responses,
        CancellationToken cancellationToken)
    {
        Outcome<Award> outcome = await mail.NotifyAsync(issuerId, awardId, cancellationToken);
        if (outcome is not Done<Award> { Value: var award }) return outcome.ToProblem();
        return TypedResults.Accepted($"/api/v1/issuers/{issuerId}/awards/{award.Id}", await responses.WithDeliveryAsync(award, cancellationToken));
    }

    private static async Task<Results<Created<AwardResponse>, ProblemHttpResult>> ReaddressAsync(string issuerId, string awardId, HttpContext http, JsonBody body, ClaimMailService mail,
        AwardResponses responses)
    {
        BodyResult<ReaddressRequest> request = await body.ReadAsync<ReaddressRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await mail.ReaddressAsync(issuerId, awardId, request.Value!.Email, http.RequestAborted);
        if (outcome is not Done<Award> { Value: var replacement }) return outcome.ToProblem();
        return TypedResults.Created($"/api/v1/issuers/{issuerId}/awards/{replacement.Id}", await responses.WithDeliveryAsync(replacement, http.RequestAborted));
    }

    private static async Task<Results<Created<AwardResponse>, ProblemHttpResult>> ReissueAsync(string issuerId, string awardId, HttpContext http, JsonBody body, ReissueService reissue, AwardResponses responses)
    {
        BodyResult<AwardRequest> request = await body.ReadAsync<AwardRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await reissue.ReissueAsync(issuerId, awardId, request.Value!.ToCommand(issuerId, null), http.RequestAborted);
        if (outcome is not Done<Award> { Value: var replacement }) return outcome.ToProblem();
        return TypedResults.Created($"/api/v1/issuers/{issuerId}/awards/{replacement.Id}", await responses.WithDeliveryAsync(replacement, http.RequestAborted));
    }

    private static async Task<Results<Ok<AwardPage>, ProblemHttpResult>> ListAsync(string issuerId, string? achievementId, string? recipient, string? issuedFrom, string? issuedUntil,
        string? cursor, int? limit, IssuingService issuing, AwardResponses responses, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        DateTimeOffset? from = QueryDate.Read(issuedFrom, nameof(issuedFrom), errors), until = QueryDate.Read(issuedUntil, nameof(issuedUntil), errors);
        if (errors.Count > 0) return ApiProblems.Unreadable(errors);
        Outcome<Page<Award>> outcome = await issuing.ListAsync(issuerId, achievementId, recipient, from, until, cursor, limit ?? 50, cancellationToken);
        if (outcome is not Done<Page<Award>> { Value: var page }) return outcome.ToProblem();
        return TypedResults.Ok(new AwardPage(await responses.WithDeliveryAsync(page.Items, cancellationToken), page.NextCursor));
    }

    private static async Task<Results<Ok<AwardResponse>, ProblemHttpResult>> RevokeAsync(string issuerId, string awardId, HttpContext http, JsonBody body, StatusService statuses, AwardResponses responses)
    {
        BodyResult<RevokeRequest> request = await body.ReadAsync<RevokeRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await statuses.RevokeAsync(issuerId, awardId, request.Value!.Reason, null, http.RequestAborted);
        return outcome is Done<Award> { Value: var award } ? TypedResults.Ok(await responses.WithDeliveryAsync(award, http.RequestAborted)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<AwardResponse>, ProblemHttpResult>> SuspendAsync(string issuerId, string awardId, HttpContext http, JsonBody body, StatusService statuses, AwardResponses responses)
    {
        BodyResult<SuspendRequest> request = await body.ReadAsync<SuspendRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await statuses.SuspendAsync(issuerId, awardId, request.Value!.Reason, http.RequestAborted);
        return outcome is Done<Award> { Value: var award } ? TypedResults.Ok(await responses.WithDeliveryAsync(award, http.RequestAborted)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<AwardResponse>, ProblemHttpResult>> UnsuspendAsync(string issuerId, string awardId, StatusService statuses, AwardResponses responses, CancellationToken cancellationToken)
    {
        Outcome<Award> outcome = await statuses.UnsuspendAsync(issuerId, awardId, cancellationToken);
        return outcome is Done<Award> { Value: var award } ? TypedResults.Ok(await responses.WithDeliveryAsync(award, cancellationToken)) : outcome.ToProblem();
    }

    private static async Task<Results<Created<AwardResponse>, ProblemHttpResult>> IssueAsync(string issuerId, HttpContext http, JsonBody body, IssuingService issuing, AwardResponses responses)
    {
        BodyResult<AwardRequest> request = await body.ReadAsync<AwardRequest>(http);
        if (request.Problem is not null) return request.Problem;
        string? idempotencyKey = http.Request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        Outcome<Award> outcome = await issuing.IssueAsync(request.Value!.ToCommand(issuerId, idempotencyKey), http.RequestAborted);
        if (outcome is not Done<Award> { Value: var award } done) return outcome.ToProblem();
        if (!done.Created) http.Response.Headers["Idempotent-Replayed"] = "true";
        AwardResponse answer = done.Created ? responses.JustIssued(award) : await responses.WithDeliveryAsync(award, http.RequestAborted);
        return TypedResults.Created($"/api/v1/issuers/{issuerId}/awards/{award.Id}", answer);
    }

    private static async Task<Results<Ok<AwardResponse>, ProblemHttpResult>> GetAsync(string issuerId, string awardId, HttpContext http, IssuingService issuing, AwardResponses responses)
    {
        Outcome<Award> outcome = await issuing.GetAsync(issuerId, awardId, http.RequestAborted);
        return outcome is Done<Award> { Value: var award } ? TypedResults.Ok(await responses.WithDeliveryAsync(award, http.RequestAborted)) : outcome.ToProblem();
    }
}
