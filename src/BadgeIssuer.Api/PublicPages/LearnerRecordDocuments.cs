// A learner record (CLR 2.0 ClrCredential) at its id, in the forms a badge has (OB 3.0 §5 document formats, §5.3
// baking): the signed JSON (application/vc+ld+json) for wallets and verifiers, its page for people (HTML, when a
// browser asks or as {id}.html), and its picture with the signed record baked in (PNG).
using System.Text;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicDocuments;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.LearnerRecords;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET /clrs/{id}</c> and its <c>.json</c>, <c>.html</c> and <c>.png</c> forms.</summary>
public static class LearnerRecordDocuments
{
    public static void MapLearnerRecordDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/clrs/{file}", GetAsync).WithTags("Public")
            .WithName("GetLearnerRecordDocument")
            .WithSummary("A learner record: the signed CLR 2.0 ClrCredential (application/vc+ld+json) by default or as {id}.json; "
                + "its page (HTML), with each credential in it and its status today, when a browser asks or as {id}.html; {id}.png its picture with the record baked in")
            .Produces(StatusCodes.Status200OK, contentType: CredentialEndpoints.VcLdJson, additionalContentTypes: ["application/json", "text/html", "image/png"])
            .Produces(StatusCodes.Status304NotModified).WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(string file, HttpContext http, LearnerRecordService records, PublicUrls urls, PageCache pages, TimeProvider time)
    {
        (string id, string? format) = PublicUrls.SplitFile(file);
        if (format is not (null or "json" or "html" or "png"))
            return ApiProblems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"Learner records are served as {id}, {id}.json, {id}.html or {id}.png.");
        Outcome<LearnerRecord> outcome = await records.PublicAsync(id, http.RequestAborted);
        if (outcome is not Done<LearnerRecord> { Value: var record }) return outcome.ToProblem();
        CredentialEndpoints.Public(http);
        if (format is null && CredentialEndpoints.PrefersHtml(http.Request)) format = "html";
        switch (format)
        {
            case "html":
                // Read afresh on every view (no-cache): the record's revocation and every held award's status. The entity
                // tag is the hash of the page, so it changes exactly when anything the page shows does.
                IReadOnlyList<AwardStanding?> held = await records.HeldAwardsAsync(record, http.RequestAborted);
                string page = LearnerRecordPage.Render(record, held, urls.LearnerRecord(record.Id), urls.Credential, BakedImages.Bakeable(record), time.GetUtcNow());
                http.Response.Headers.CacheControl = "no-cache";
                return CredentialEndpoints.Conditional(CachedContent.Of(Encoding.UTF8.GetBytes(page)), Html.MediaType, null);
            case "png":
                if (!BakedImages.Bakeable(record))
                    return ApiProblems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound,
                        $"Learner record '{id}' is too large to bake into an image (verifiers read at most {PngBaking.MaxCredentialBytes / 1024 / 1024} MiB from one); it is served as {id}.json.");
                http.Response.Headers.CacheControl = CredentialEndpoints.ImageCacheControl;
                return CredentialEndpoints.Conditional(pages.LearnerRecordPng(record), "image/png", $"{id}.png");
            default:
                string mediaType = format is null && PublicEndpoints.Prefers(http.Request, "application/json") ? "application/json" : CredentialEndpoints.VcLdJson;
                return Results.Text(record.CredentialJson, mediaType + "; charset=utf-8");
        }
    }
}
