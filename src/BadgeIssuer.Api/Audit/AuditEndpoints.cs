using System.Security.Claims;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Audit;

/// <summary>One entry of the audit trail: who did what to which ids, when, in which request; never a secret or recipient data.</summary>
/// <param name="Id">The entry's id, the same each time the same change is recorded.</param>
/// <param name="At">When the change was made.</param>
/// <param name="Actor">The API client that made it, <c>admin</c> for the configured admin key, or <c>system</c>.</param>
/// <param name="Action">What was done: <c>issuer.created</c>, <c>award.issued</c>, <c>award.revoked</c>, <c>client.rotated</c>, ...</param>
/// <param name="Targets">The ids of what changed, by kind (<c>awardId</c>, <c>achievementId</c>, <c>clientId</c>, ...).</param>
/// <param name="RequestId">The id of the request that made the change (the <c>RequestId</c> of its log lines); for a batch's awards, the request that submitted the batch.</param>
public sealed record AuditEntryResponse(string Id, DateTimeOffset At, string Actor, string Action, IReadOnlyDictionary<string, string> Targets, string? RequestId)
{
    /// <summary>The response form of <paramref name="e"/>.</summary>
    public static AuditEntryResponse From(AuditEntry e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new(e.Id, e.At, e.Actor, e.Action, e.Targets, e.RequestId);
    }
}

/// <summary>A page of audit entries, oldest first; pass <paramref name="NextCursor"/> as <c>cursor</c> for the next one (null on the last page).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntryResponse> Items, string? NextCursor);

/// <summary>
/// <c>/api/v1/issuers/{issuerId}/audit</c>: the issuer's audit trail, for administrators and clients holding
/// <c>audit:read</c>; and the middleware that tells Core who the authenticated caller of each request is.
/// </summary>
public static class AuditEndpoints
{
    public static void MapAudit(this RouteGroupBuilder issuer)
    {
        issuer.MapGet("/audit", ListAsync).RequireScope(Scopes.AuditRead, Scopes.IssuersAdmin).WithTags("Audit")
            .WithName("ListAuditEntries")
            .WithSummary("List the issuer's audit trail oldest first (who changed what, when, in which request), from a time on (from, ISO 8601), with cursor pagination")
            .WithProblems(StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// Makes the authenticated caller the <see cref="AuditContext.Actor"/> of its request: its client id (<c>admin</c>
    /// for the configured admin key) and the request's <see cref="HttpContext.TraceIdentifier"/>, which ASP.NET Core
    /// logs as <c>RequestId</c>. Runs after authentication.
    /// </summary>
    public static IApplicationBuilder UseAuditActor(this IApplicationBuilder app) =>
        app.Use(static async (context, next) =>
        {
            if (context.User.FindFirstValue(ApiKeyAuthentication.ClientIdClaim) is not { } clientId)
            {
                await next(context);
                return;
            }
            using IDisposable actor = AuditContext.ActAs(new AuditActor(clientId, context.TraceIdentifier));
            await next(context);
        });

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(string issuerId, string? from, string? cursor, int? limit, AuditTrail audit, CancellationToken cancellationToken)
    {
        List<FieldError> errors = [];
        DateTimeOffset? start = QueryDate.Read(from, nameof(from), errors);
        if (errors.Count > 0) return ApiProblems.Unreadable(errors);
        Outcome<Page<AuditEntry>> outcome = await audit.ListAsync(issuerId, start, cursor, limit ?? 50, cancellationToken);
        return outcome.ToResult(d => TypedResults.Ok(new AuditPage([.. d.Value.Items.Select(AuditEntryResponse.From)], d.Value.NextCursor)));
    }
}
