using System.Security.Claims;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Awards;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Assessment;

/// <summary>
/// <c>/api/v1/issuers/{issuerId}/submissions</c>, <c>/submission-invitations</c>, <c>/assignments</c> and
/// <c>/assessors</c> (issue 16): submissions of evidence for review, their assessors' reviews, and the assessors.
/// </summary>
public static class SubmissionEndpoints
{
    /// <summary>Maps the routes of submission and review on the issuer's route group.</summary>
    public static void MapAssessment(this RouteGroupBuilder issuer)
    {
        RouteGroupBuilder submissions = issuer.MapGroup("/submissions").WithTags("Submissions");
        submissions.MapPost("", SubmitAsync).RequireScope(Scopes.SubmissionsWrite)
            .WithName("Submit")
            .WithSummary("Submit a teacher's evidence and answers for an achievement earned by review: round 1 with its assessors assigned (never of the candidate's organisation or with a conflict; least loaded first). Idempotency-Key makes retries safe")
            .AcceptsJson<SubmissionRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        submissions.MapGet("/{submissionId}", GetAsync).RequireScope(Scopes.SubmissionsRead, Scopes.SubmissionsWrite, Scopes.ReviewsWrite)
            .WithName("GetSubmission")
            .WithSummary("Read a submission: state, rounds with evidence, answers, assessors, reviews and decision, the teacher link and the award once met. An assessor's key reads the submissions it is assigned to, without the candidate's e-mail address")
            .WithProblems(StatusCodes.Status403Forbidden);
        submissions.MapGet("", ListAsync).RequireScope(Scopes.SubmissionsRead, Scopes.SubmissionsWrite)
            .WithName("ListSubmissions")
            .WithSummary("List the issuer's submissions oldest first, optionally in one state, with cursor pagination")
            .WithProblems(StatusCodes.Status400BadRequest);
        submissions.MapPost("/{submissionId}:resubmit", ResubmitAsync).RequireScope(Scopes.SubmissionsWrite)
            .WithName("Resubmit")
            .WithSummary("Submit new evidence and answers after not-yet-met (or the first round of an invitation): a new round with its assessors assigned again; 409 in any other state")
            .AcceptsJson<ResubmitRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        submissions.MapPost("/{submissionId}:withdraw", WithdrawAsync).RequireScope(Scopes.SubmissionsWrite)
            .WithName("WithdrawSubmission")
            .WithSummary("Withdraw a submission not decided for good (harmless when withdrawn already); 409 once met")
            .WithProblems(StatusCodes.Status409Conflict);
        submissions.MapPost("/{submissionId}/reviews", ReviewAsync).RequireScope(Scopes.ReviewsWrite)
            .WithName("ReviewSubmission")
            .WithSummary("An assigned assessor's review of the current round: a result per rubric criterion with feedback, and overall feedback. Decides the round when its reviews are in (a third assessor when two disagree); met issues the badge. 403 for any key but an assigned assessor's")
            .AcceptsJson<ReviewRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);

        issuer.MapPost("/submission-invitations", InviteAsync).RequireScope(Scopes.SubmissionsWrite).WithTags("Submissions")
            .WithName("InviteSubmission")
            .WithSummary("Invite a teacher to submit for an achievement earned by review: a submission in state invited whose teacher link is mailed to the teacher. Idempotency-Key makes retries safe")
            .AcceptsJson<InvitationRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        issuer.MapGet("/assignments", AssignmentsAsync).RequireScope(Scopes.ReviewsWrite).WithTags("Submissions")
            .WithName("ListAssignments")
            .WithSummary("The calling assessor's open assignments: submission, achievement, round, evidence and answers")
            .WithProblems(StatusCodes.Status403Forbidden);

        RouteGroupBuilder assessors = issuer.MapGroup("/assessors").WithTags("Assessors");
        assessors.MapPost("", CreateAssessorAsync).RequireScope(Scopes.AssessorsWrite)
            .WithName("CreateAssessor")
            .WithSummary("Add an assessor (name, e-mail, organization, expertise tags, conflicts of interest) with an API key of its own (scope reviews:write, shown once); it takes up rounds waiting for an assessor")
            .AcceptsJson<AssessorRequest>().WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        assessors.MapGet("", ListAssessorsAsync).RequireScope(Scopes.AssessorsWrite)
            .WithName("ListAssessors")
            .WithSummary("List the issuer's assessors by id (removed ones with includeRemoved=true), with cursor pagination")
            .WithProblems(StatusCodes.Status400BadRequest);
        assessors.MapGet("/{assessorId}", GetAssessorAsync).RequireScope(Scopes.AssessorsWrite)
            .WithName("GetAssessor").WithSummary("Read an assessor");
        assessors.MapDelete("/{assessorId}", RemoveAssessorAsync).RequireScope(Scopes.AssessorsWrite)
            .WithName("RemoveAssessor")
            .WithSummary("Remove an assessor: its key is refused from the next request on and its open assignments go to other eligible assessors (harmless when removed already)");
    }

    private static string Actor(HttpContext http) => http.User.FindFirstValue(ApiKeyAuthentication.ClientIdClaim) ?? "unknown";

    /// <summary>The assessor the caller's key belongs to, when it is an assessor's key and reads as one (no program scope).</summary>
    private static string? AssessorOnly(ClaimsPrincipal user) =>
        user.HasScope(Scopes.SubmissionsRead) || user.HasScope(Scopes.SubmissionsWrite) ? null : user.FindFirstValue(ApiKeyAuthentication.AssessorIdClaim);

    private static ProblemHttpResult NotAssignedProblem(string detail) => new NotAssigned<Submission>(detail).ToProblem();

    private static async Task<Results<Created<SubmissionResponse>, ProblemHttpResult>> SubmitAsync(string issuerId, HttpContext http, JsonBody body, SubmissionService service,
        SubmissionResponses responses)
    {
        BodyResult<SubmissionRequest> request = await body.ReadAsync<SubmissionRequest>(http);
        if (request.Problem is not null) return request.Problem;
        string? idempotencyKey = http.Request.Headers[AwardEndpoints.IdempotencyKeyHeader].FirstOrDefault();
        Outcome<Submission> outcome = await service.SubmitAsync(request.Value!.ToNew(issuerId, idempotencyKey), Actor(http), http.RequestAborted);
        return await CreatedAsync(issuerId, http, outcome, responses);
    }

    private static async Task<Results<Created<SubmissionResponse>, ProblemHttpResult>> InviteAsync(string issuerId, HttpContext http, JsonBody body, SubmissionService service,
        SubmissionResponses responses)
    {
        BodyResult<InvitationRequest> request = await body.ReadAsync<InvitationRequest>(http);
        if (request.Problem is not null) return request.Problem;
        string? idempotencyKey = http.Request.Headers[AwardEndpoints.IdempotencyKeyHeader].FirstOrDefault();
        Outcome<Submission> outcome = await service.InviteAsync(issuerId, request.Value!.AchievementId, request.Value.Candidate, idempotencyKey, Actor(http), http.RequestAborted);
        return await CreatedAsync(issuerId, http, outcome, responses);
    }

    private static async Task<Results<Created<SubmissionResponse>, ProblemHttpResult>> CreatedAsync(string issuerId, HttpContext http, Outcome<Submission> outcome, SubmissionResponses responses)
    {
        if (outcome is not Done<Submission> { Value: var submission } done) return outcome.ToProblem();
        if (!done.Created) http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Created($"/api/v1/issuers/{issuerId}/submissions/{submission.Id}", await responses.ForProgramAsync(submission, http.RequestAborted));
    }

    private static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> GetAsync(string issuerId, string submissionId, HttpContext http, SubmissionService service,
        SubmissionResponses responses)
    {
        Outcome<Submission> outcome = await service.GetAsync(issuerId, submissionId, http.RequestAborted);
        if (outcome is not Done<Submission> { Value: var submission }) return outcome.ToProblem();
        if (AssessorOnly(http.User) is not { } assessorId)
        {
            if (http.User.HasScope(Scopes.SubmissionsRead) || http.User.HasScope(Scopes.SubmissionsWrite))
                return TypedResults.Ok(await responses.ForProgramAsync(submission, http.RequestAborted));
            return NotAssignedProblem("This key belongs to no assessor; read submissions with submissions:read.");
        }
        if (!submission.Rounds.Any(r => r.Assignments.Any(a => string.Equals(a.AssessorId, assessorId, StringComparison.Ordinal))))
            return NotAssignedProblem($"You are not assigned to submission '{submission.Id}'.");
        return TypedResults.Ok(await responses.ForAssessorAsync(submission, assessorId, http.RequestAborted));
    }

    private static async Task<Results<Ok<SubmissionPage>, ProblemHttpResult>> ListAsync(string issuerId, string? state, string? cursor, int? limit, SubmissionService service,
        SubmissionResponses responses, CancellationToken cancellationToken)
    {
        Outcome<Page<Submission>> outcome = await service.ListAsync(issuerId, state, cursor, limit ?? 50, cancellationToken);
        if (outcome is not Done<Page<Submission>> { Value: var page }) return outcome.ToProblem();
        return TypedResults.Ok(new SubmissionPage(await responses.ForProgramAsync(page.Items, cancellationToken), page.NextCursor));
    }

    private static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> ResubmitAsync(string issuerId, string submissionId, HttpContext http, JsonBody body,
        SubmissionService service, SubmissionResponses responses)
    {
        BodyResult<ResubmitRequest> request = await body.ReadAsync<ResubmitRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Submission> outcome = await service.ResubmitAsync(issuerId, submissionId, request.Value!.ToContent(), Actor(http), http.RequestAborted);
        return outcome is Done<Submission> { Value: var submission } ? TypedResults.Ok(await responses.ForProgramAsync(submission, http.RequestAborted)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<SubmissionResponse>, ProblemHttpResult>> WithdrawAsync(string issuerId, string submissionId, HttpContext http, SubmissionService service,
        SubmissionResponses responses)
    {
        Outcome<Submission> outcome = await service.WithdrawAsync(issuerId, submissionId, Actor(http), http.RequestAborted);
        return outcome is Done<Submission> { Value: var submission } ? TypedResults.Ok(await responses.ForProgramAsync(submission, http.RequestAborted)) : outcome.ToProblem();
    }

    private static async Task<Results<Created<SubmissionResponse>, ProblemHttpResult>> ReviewAsync(string issuerId, string submissionId, HttpContext http, JsonBody body,
        ReviewService reviews, SubmissionResponses responses)
    {
        if (http.User.FindFirstValue(ApiKeyAuthentication.AssessorIdClaim) is not { } assessorId)
            return NotAssignedProblem("Only an assigned assessor's own key reviews a submission; this key belongs to no assessor.");
        BodyResult<ReviewRequest> request = await body.ReadAsync<ReviewRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<Submission> outcome = await reviews.ReviewAsync(issuerId, submissionId, assessorId, request.Value!.ToReview(), Actor(http), http.RequestAborted);
        if (outcome is not Done<Submission> { Value: var submission }) return outcome.ToProblem();
        return TypedResults.Created($"/api/v1/issuers/{issuerId}/submissions/{submission.Id}", await responses.ForAssessorAsync(submission, assessorId, http.RequestAborted));
    }

    private static async Task<Results<Ok<AssignmentResponse[]>, ProblemHttpResult>> AssignmentsAsync(string issuerId, HttpContext http, SubmissionFlow flow, SubmissionResponses responses)
    {
        if (http.User.FindFirstValue(ApiKeyAuthentication.AssessorIdClaim) is not { } assessorId)
            return NotAssignedProblem("Only an assessor's own key has assignments; this key belongs to no assessor.");
        IReadOnlyList<Submission> open = [.. await flow.AllInStateAsync(issuerId, SubmissionStates.Submitted, http.RequestAborted),
            .. await flow.AllInStateAsync(issuerId, SubmissionStates.InReview, http.RequestAborted)];
        return TypedResults.Ok(responses.Assignments(open, assessorId).ToArray());
    }

    private static async Task<Results<Created<AssessorResponse>, ProblemHttpResult>> CreateAssessorAsync(string issuerId, HttpContext http, JsonBody body, AssessorService service)
    {
        BodyResult<AssessorRequest> request = await body.ReadAsync<AssessorRequest>(http);
        if (request.Problem is not null) return request.Problem;
        AssessorRequest r = request.Value!;
        Outcome<CreatedAssessor> outcome = await service.CreateAsync(issuerId, r.Name, r.Email, r.Organization, r.Expertise, r.Conflicts, http.RequestAborted);
        return outcome.ToResult(done => TypedResults.Created($"/api/v1/issuers/{issuerId}/assessors/{done.Value.Assessor.Id}", AssessorResponse.From(done.Value.Assessor, done.Value.ApiKey)));
    }

    private static async Task<Results<Ok<AssessorPage>, ProblemHttpResult>> ListAssessorsAsync(string issuerId, bool? includeRemoved, string? cursor, int? limit, AssessorService service,
        CancellationToken cancellationToken) =>
        (await service.ListAsync(issuerId, includeRemoved ?? false, cursor, limit ?? 50, cancellationToken))
            .ToResult(done => TypedResults.Ok(new AssessorPage([.. done.Value.Items.Select(a => AssessorResponse.From(a))], done.Value.NextCursor)));

    private static async Task<Results<Ok<AssessorResponse>, ProblemHttpResult>> GetAssessorAsync(string issuerId, string assessorId, AssessorService service, CancellationToken cancellationToken) =>
        (await service.GetAsync(issuerId, assessorId, cancellationToken)).ToResult(done => TypedResults.Ok(AssessorResponse.From(done.Value)));

    private static async Task<Results<Ok<AssessorResponse>, ProblemHttpResult>> RemoveAssessorAsync(string issuerId, string assessorId, AssessorService service, CancellationToken cancellationToken) =>
        (await service.RemoveAsync(issuerId, assessorId, cancellationToken)).ToResult(done => TypedResults.Ok(AssessorResponse.From(done.Value)));
}
