// A learner record (CLR 2.0 ClrCredential) at its id: the signed JSON (application/vc+ld+json) for wallets and
// verifiers.
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicDocuments;
using BadgeIssuer.Core;
using BadgeIssuer.Core.LearnerRecords;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET /clrs/{id}</c> and its <c>.json</c> form.</summary>
public static class LearnerRecordDocuments
{
    public static void MapLearnerRecordDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/clrs/{file}", GetAsync).WithTags("Public")
            .WithName("GetLearnerRecordDocument")
            .WithSummary("A learner record: the signed CLR 2.0 ClrCredential (application/vc+ld+json) by default or as {id}.json")
            .Produces(StatusCodes.Status200OK, contentType: CredentialEndpoints.VcLdJson, additionalContentTypes: ["application/json"])
            .WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(string file, HttpContext http, LearnerRecordService records)
    {
        (string id, string? format) = CredentialEndpoints.SplitExtension(file);
        if (format is not (null or "json"))
            return ApiProblems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"Learner records are served as {id} or {id}.json.");
        Outcome<LearnerRecord> outcome = await records.PublicAsync(id, http.RequestAborted);
        if (outcome is not Done<LearnerRecord> { Value: var record }) return outcome.ToProblem();
        CredentialEndpoints.Public(http);
        string mediaType = format is null && PublicEndpoints.Prefers(http.Request, "application/json") ? "application/json" : CredentialEndpoints.VcLdJson;
        return Results.Text(record.CredentialJson, mediaType + "; charset=utf-8");
    }
}
