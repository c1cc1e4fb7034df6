using System.Text.Json.Nodes;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Awards;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.LearnerRecords;

/// <summary>Why and when a learner record was revoked.</summary>
public sealed record LearnerRecordRevocationResponse(DateTimeOffset At, string Reason);

/// <summary>
/// A learner record as the API answers it: where it is public (<see cref="Url"/>, its page and image beside it), the
/// awards it holds, whether they are only some of the learner's current ones, and the signed CLR 2.0 ClrCredential.
/// </summary>
public sealed record LearnerRecordResponse(string Id, string IssuerId, string Url, string PageUrl, string ImageUrl, IReadOnlyList<string> AwardIds, bool Partial,
    DateTimeOffset IssuedAt, LearnerRecordRevocationResponse? Revoked, JsonObject Credential)
{
    /// <summary>The answer for <paramref name="record"/>.</summary>
    public static LearnerRecordResponse Of(LearnerRecord record, PublicUrls urls)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(urls);
        string url = urls.LearnerRecord(record.Id);
        return new(record.Id, record.IssuerId, url, url + ".html", url + ".png", record.AwardIds, record.Partial, record.IssuedAt,
            record.Revoked is { } r ? new LearnerRecordRevocationResponse(r.At, r.Reason) : null, JsonNode.Parse(record.CredentialJson)!.AsObject());
    }
}

/// <summary>A page of learner records; <see cref="NextCursor"/> is <c>null</c> on the last page.</summary>
public sealed record LearnerRecordPage(IReadOnlyList<LearnerRecordResponse> Items, string? NextCursor);

/// <summary>
/// <c>/api/v1/issuers/{issuerId}/recipients/{recipient}/clr</c> and <c>/clrs</c>: Comprehensive Learner Records (CLR
/// 2.0) of a learner, signed by the issuer from its awards. The recipient (an e-mail address or the id given at issue)
/// is in the path, so these routes keep their path out of traces.
/// </summary>
public static class LearnerRecordEndpoints
{
    public static void MapLearnerRecords(this RouteGroupBuilder issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        issuer.MapPost("/recipients/{recipient}/clr", IssueAsync).RequireScope(Scopes.ClrsIssue).WithTags("Learner records").HasSecretInPath()
            .WithName("IssueLearnerRecord")
            .WithSummary("Sign a Comprehensive Learner Record (CLR 2.0 ClrCredential) of the learner (e-mail address or id given at issue, URL-encoded): every current award "
                + "(not revoked, suspended or expired) from this issuer, or those {\"awardIds\"} names (then \"partial\": true when they are not all), each credential unchanged, "
                + "with its achievements and isPartOf associations to the stacked achievements they count toward. No body, or {\"awardIds\", \"name\", \"description\"}. "
                + "Idempotency-Key makes retries safe")
            .AcceptsJson<LearnerRecordRequest>(optional: true).WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        issuer.MapGet("/recipients/{recipient}/clrs", ListAsync).RequireScope(Scopes.ClrsIssue, Scopes.AwardsRead).WithTags("Learner records").HasSecretInPath()
            .WithName("ListLearnerRecords")
            .WithSummary("The learner's records from this issuer, oldest first (cursor paging)")
            .WithProblems(StatusCodes.Status400BadRequest);
        issuer.MapGet("/clrs/{clrId}", GetAsync).RequireScope(Scopes.ClrsIssue, Scopes.AwardsRead).WithTags("Learner records")
            .WithName("GetLearnerRecord")
            .WithSummary("One learner record of this issuer")
            .WithProblems(StatusCodes.Status404NotFound);
        issuer.MapPost("/clrs/{clrId}:revoke", RevokeAsync).RequireScope(Scopes.AwardsRevoke).WithTags("Learner records")
            .WithName("RevokeLearnerRecord")
            .WithSummary("Revoke a learner record ({\"reason\"}): its bit in the issuer's revocation list is set, so verifiers report the record revoked; the credentials inside are not touched (repeating is harmless)")
            .AcceptsJson<RevokeRequest>().WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<Results<Created<LearnerRecordResponse>, ProblemHttpResult>> IssueAsync(string issuerId, string recipient, HttpContext http, JsonBody body,
        LearnerRecordService records, PublicUrls urls)
    {
        BodyResult<LearnerRecordRequest> request = await body.ReadOptionalAsync(http, new LearnerRecordRequest());
        if (request.Problem is not null) return request.Problem;
        string? idempotencyKey = http.Request.Headers[AwardEndpoints.IdempotencyKeyHeader].FirstOrDefault();
        Outcome<LearnerRecord> outcome = await records.IssueAsync(issuerId, Uri.UnescapeDataString(recipient), request.Value!, idempotencyKey, http.RequestAborted);
        if (outcome is not Done<LearnerRecord> { Value: var record } done) return outcome.ToProblem();
        if (!done.Created) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created(urls.LearnerRecord(record.Id), LearnerRecordResponse.Of(record, urls));
    }

    private static async Task<Results<Ok<LearnerRecordPage>, ProblemHttpResult>> ListAsync(string issuerId, string recipient, string? cursor, int? limit,
        LearnerRecordService records, PublicUrls urls, CancellationToken cancellationToken)
    {
        Outcome<Page<LearnerRecord>> outcome = await records.ListAsync(issuerId, Uri.UnescapeDataString(recipient), cursor, limit ?? 50, cancellationToken);
        if (outcome is not Done<Page<LearnerRecord>> { Value: var page }) return outcome.ToProblem();
        return TypedResults.Ok(new LearnerRecordPage([.. page.Items.Select(r => LearnerRecordResponse.Of(r, urls))], page.NextCursor));
    }

    private static async Task<Results<Ok<LearnerRecordResponse>, ProblemHttpResult>> GetAsync(string issuerId, string clrId, LearnerRecordService records, PublicUrls urls,
        CancellationToken cancellationToken)
    {
        Outcome<LearnerRecord> outcome = await records.GetAsync(issuerId, clrId, cancellationToken);
        return outcome is Done<LearnerRecord> { Value: var record } ? TypedResults.Ok(LearnerRecordResponse.Of(record, urls)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<LearnerRecordResponse>, ProblemHttpResult>> RevokeAsync(string issuerId, string clrId, HttpContext http, JsonBody body,
        LearnerRecordService records, PublicUrls urls)
    {
        BodyResult<RevokeRequest> request = await body.ReadAsync<RevokeRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<LearnerRecord> outcome = await records.RevokeAsync(issuerId, clrId, request.Value!.Reason, http.RequestAborted);
        return outcome is Done<LearnerRecord> { Value: var record } ? TypedResults.Ok(LearnerRecordResponse.Of(record, urls)) : outcome.ToProblem();
    }
}
