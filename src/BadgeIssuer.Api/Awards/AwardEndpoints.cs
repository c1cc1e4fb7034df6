using System.Security.Claims;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Issuers;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Stacking;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Api.Awards;

/// <summary><c>/api/v1/issuers/{issuerId}/awards</c>: issue a badge when the criteria are met, and read it back.</summary>
public static class AwardEndpoints
{
    /// <summary>The request header that makes issuing idempotent.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void MapAwards(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/v1/issuers/{issuerId}/awards").WithTags("Awards");
        group.MapPost("", IssueAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("IssueAward")
            .WithSummary("Issue a signed OpenBadgeCredential if the results and evidence meet the achievement's criteria (422 lists every unmet rule; Idempotency-Key makes retries safe); stacked achievements the new award completes are issued too")
            .Accepts<AwardRequest>("application/json").Produces<AwardResponse>(StatusCodes.Status201Created);
        group.MapGet("/{awardId}", GetAsync).RequireScope(Scopes.AwardsRead, Scopes.AwardsIssue)
            .WithName("GetAward").WithSummary("Read an issued award").Produces<AwardResponse>();
        group.MapGet("", ListAsync).RequireScope(Scopes.AwardsRead, Scopes.AwardsIssue)
            .WithName("ListAwards")
            .WithSummary("List the issuer's awards oldest first, optionally by achievementId, recipient (e-mail or id) and issuedFrom/issuedUntil (ISO 8601), with cursor pagination")
            .Produces<AwardPage>();
        group.MapPost("/{awardId}:revoke", RevokeAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("RevokeAward")
            .WithSummary("Revoke an award for good: its bit in the issuer's signed BitstringStatusList is set, so every verifier reports it revoked (repeating is harmless)")
            .Accepts<RevokeRequest>("application/json").Produces<AwardResponse>();
        group.MapPost("/{awardId}:suspend", SuspendAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("SuspendAward")
            .WithSummary("Suspend an award until further notice: its bit in the issuer's signed suspension list is set, so verifiers report it suspended (repeating is harmless; a revoked award cannot be suspended)")
            .Accepts<SuspendRequest>("application/json").Produces<AwardResponse>();
        group.MapPost("/{awardId}:unsuspend", UnsuspendAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("UnsuspendAward")
            .WithSummary("Lift a suspension: the award's suspension bit is cleared and it verifies as valid again (harmless when not suspended)")
            .Produces<AwardResponse>();
        group.MapPost("/{awardId}:reissue", ReissueAsync).RequireScope(Scopes.AwardsRevoke)
            .WithName("ReissueAward")
            .WithSummary("Issue a corrected credential for the same achievement (the body of an award request) and revoke the old one with reason \"superseded\"; each names the other. Retrying is safe")
            .Accepts<AwardRequest>("application/json").Produces<AwardResponse>(StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReissueAsync(string issuerId, string awardId, HttpContext http, ClaimsPrincipal user, JsonBody body, ReissueService reissue, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<AwardRequest> request = await body.ReadAsync<AwardRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await reissue.ReissueAsync(issuerId, awardId, request.Value!.ToCommand(issuerId, null), http.RequestAborted);
        return outcome.ToResult(problems, d => Results.Created($"/api/v1/issuers/{issuerId}/awards/{d.Value.Id}", AwardResponse.From(d.Value, urls)));
    }

    private static async Task<IResult> ListAsync(string issuerId, string? achievementId, string? recipient, string? issuedFrom, string? issuedUntil, string? cursor, int? limit,
        ClaimsPrincipal user, IssuingService issuing, PublicUrls urls, Problems.Problems problems, CancellationToken cancellationToken)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        List<FieldError> errors = [];
        DateTimeOffset? Date(string? text, string name)
        {
            if (text is null) return null;
            if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset value)) return value;
            errors.Add(new FieldError("/" + name, $"must be an ISO 8601 date-time such as 2026-09-01T00:00:00Z; found '{Check.Shorten(text)}'."));
            return null;
        }
        DateTimeOffset? from = Date(issuedFrom, nameof(issuedFrom)), until = Date(issuedUntil, nameof(issuedUntil));
        if (errors.Count > 0) return problems.Invalid(errors);
        Outcome<Page<Award>> outcome = await issuing.ListAsync(issuerId, achievementId, recipient, from, until, cursor, limit ?? 50, cancellationToken);
        return outcome.ToResult(problems, d => Results.Ok(new AwardPage([.. d.Value.Items.Select(a => AwardResponse.From(a, urls))], d.Value.NextCursor)));
    }

    private static async Task<IResult> RevokeAsync(string issuerId, string awardId, HttpContext http, ClaimsPrincipal user, JsonBody body, StatusService statuses, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<RevokeRequest> request = await body.ReadAsync<RevokeRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await statuses.RevokeAsync(issuerId, awardId, request.Value!.Reason, null, http.RequestAborted);
        return outcome.ToResult(problems, d => Results.Ok(AwardResponse.From(d.Value, urls)));
    }

    private static async Task<IResult> SuspendAsync(string issuerId, string awardId, HttpContext http, ClaimsPrincipal user, JsonBody body, StatusService statuses, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<SuspendRequest> request = await body.ReadAsync<SuspendRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Award> outcome = await statuses.SuspendAsync(issuerId, awardId, request.Value!.Reason, http.RequestAborted);
        return outcome.ToResult(problems, d => Results.Ok(AwardResponse.From(d.Value, urls)));
    }

    private static async Task<IResult> UnsuspendAsync(string issuerId, string awardId, ClaimsPrincipal user, StatusService statuses, PublicUrls urls, Problems.Problems problems, CancellationToken cancellationToken)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        Outcome<Award> outcome = await statuses.UnsuspendAsync(issuerId, awardId, cancellationToken);
        return outcome.ToResult(problems, d => Results.Ok(AwardResponse.From(d.Value, urls)));
    }

    private static async Task<IResult> IssueAsync(string issuerId, HttpContext http, ClaimsPrincipal user, JsonBody body, StackingService stacking, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<AwardRequest> request = await body.ReadAsync<AwardRequest>(http);
        if (request.Problem is not null) return request.Problem;
        string? idempotencyKey = http.Request.Headers[IdempotencyKeyHeader].FirstOrDefault();
        Outcome<Award> outcome = await stacking.IssueAsync(request.Value!.ToCommand(issuerId, idempotencyKey), http.RequestAborted);
        return outcome.ToResult(problems, d =>
        {
            if (!d.Created) http.Response.Headers["Idempotent-Replayed"] = "true";
            return Results.Created($"/api/v1/issuers/{issuerId}/awards/{d.Value.Id}", AwardResponse.From(d.Value, urls));
        });
    }

    private static async Task<IResult> GetAsync(string issuerId, string awardId, HttpContext http, ClaimsPrincipal user, IssuingService issuing, PublicUrls urls, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        Outcome<Award> outcome = await issuing.GetAsync(issuerId, awardId, http.RequestAborted);
        return outcome.ToResult(problems, d => Results.Ok(AwardResponse.From(d.Value, urls)));
    }
}
