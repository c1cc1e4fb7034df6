// Evidence files: uploaded by a program's portal for a teacher's submission (the raw bytes as the body, typed from the
// bytes themselves), and served publicly under their unguessable id, which the issued credential's evidence names.
// A served file is untrusted content from outside: never sniffed (Fetch §X-Content-Type-Options), sandboxed with no
// loads of its own (CSP Level 3 §6.3.2 sandbox), shown inline only when a browser renders it harmlessly, else
// downloaded (RFC 6266), and cached forever by its SHA-256 entity tag (it never changes; RFC 9111 §5.2.2.1, RFC 8246).
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Configuration;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.Assessment;

/// <summary>An uploaded evidence file: its id (name it as a submission's evidence <c>fileId</c>), what its bytes are, and where it is served.</summary>
/// <param name="Id">The file's id.</param>
/// <param name="Sha256">The SHA-256 of its bytes, lower-case hex.</param>
/// <param name="ContentType">The type its bytes were recognised as.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="FileName">The file name given, sanitised; display only.</param>
/// <param name="Url">The public URL it is served at.</param>
/// <param name="CreatedAt">When it was uploaded.</param>
public sealed record EvidenceFileResponse(string Id, string Sha256, string ContentType, long Length, string? FileName, string Url, DateTimeOffset CreatedAt);

/// <summary><c>/api/v1/issuers/{issuerId}/evidence-files</c> and the public <c>/evidence/{fileId}</c>.</summary>
public static class EvidenceFileEndpoints
{
    /// <summary>An evidence file never changes: caches keep it for a day and need not revalidate it (RFC 8246 <c>immutable</c>).</summary>
    public const string CacheControl = "public, max-age=86400, immutable";

    /// <summary>A served file runs nothing and loads nothing, whatever it holds (CSP Level 3 <c>sandbox</c>, <c>default-src 'none'</c>).</summary>
    public const string ContentSecurityPolicy = "sandbox; default-src 'none'";

    public static void MapEvidenceFiles(this RouteGroupBuilder issuer)
    {
        RouteGroupBuilder group = issuer.MapGroup("/evidence-files").WithTags("Evidence files");
        group.MapPost("", UploadAsync).RequireScope(Scopes.SubmissionsWrite)
            .WithName("UploadEvidenceFile")
            .WithSummary("Upload one evidence file for a submission: the raw bytes as the body; 201 with its id, SHA-256, recognised type and public URL")
            .WithDescription($"""
                The body is the file itself, up to BadgeIssuer:Assessment:MaxFileBytes (10 MiB unless configured), with its Content-Type
                (application/octet-stream, or none, when unknown). The type is recognised from the bytes: {string.Join(", ", EvidenceContentTypes.Accepted)}.
                A declared type that disagrees with the bytes, or bytes of another type, are refused with 415. The file name, for display only,
                comes from Content-Disposition: attachment; filename=... (or filename*=UTF-8''...), or from ?name=.
                """)
            .Produces<EvidenceFileResponse>(StatusCodes.Status201Created)
            .WithProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        group.MapGet("/{fileId}", GetAsync).RequireScope(Scopes.SubmissionsRead, Scopes.SubmissionsWrite)
            .WithName("GetEvidenceFile")
            .WithSummary("An uploaded evidence file's record (id, SHA-256, type, length, file name, public URL)");
    }

    public static void MapEvidenceDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/evidence/{fileId}", DownloadAsync).WithTags("Public")
            .WithName("DownloadEvidenceFile")
            .WithSummary("An evidence file's bytes with its recognised type: shown inline when images, PDF, video, audio or text, else downloaded; sandboxed, never sniffed, immutable (strong ETag from its SHA-256, If-None-Match answered 304)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream", additionalContentTypes: [.. EvidenceContentTypes.Accepted])
            .Produces(StatusCodes.Status304NotModified).WithProblems(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Created<EvidenceFileResponse>, ProblemHttpResult>> UploadAsync(string issuerId, string? name, HttpContext http,
        EvidenceFileService files, BadgeIssuerOptions options, PublicUrls urls)
    {
        long maxBytes = options.Assessment.MaxFileBytes;
        if (http.Request.ContentLength > maxBytes) return TooLarge(maxBytes);
        // This route's own limit, above the service's global one: one byte over the most accepted, so the service's
        // bounded read (not Kestrel) tells a body that is too large, whether or not it came with a Content-Length.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = maxBytes + 1;
        Outcome<EvidenceFile> outcome;
        try
        {
            outcome = await files.UploadAsync(issuerId, http.Request.Body, http.Request.ContentType,
                FileNameOf(http.Request.Headers.ContentDisposition) ?? name, http.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel counts a chunked body as it decodes ahead of the read, so it may see the limit passed first.
            return TooLarge(maxBytes);
        }
        return outcome.ToResult(d => TypedResults.Created($"/api/v1/issuers/{issuerId}/evidence-files/{d.Value.Id}", Response(d.Value, urls)));
    }

    private static async Task<Results<Ok<EvidenceFileResponse>, ProblemHttpResult>> GetAsync(string issuerId, string fileId, EvidenceFileService files, PublicUrls urls,
        CancellationToken cancellationToken) =>
        (await files.GetAsync(issuerId, fileId, cancellationToken)).ToResult(d => TypedResults.Ok(Response(d.Value, urls)));

    private static async Task<IResult> DownloadAsync(string fileId, HttpContext http, EvidenceFileService files)
    {
        if (await files.OpenAsync(fileId, http.RequestAborted) is not { } content)
            return ApiProblems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "There is no evidence file with this id.");
        EvidenceFile file = content.File;
        IHeaderDictionary headers = http.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        ContentDispositionHeaderValue disposition = new(EvidenceContentTypes.ShownInline(file.ContentType) ? "inline" : "attachment");
        if (file.FileName is { } fileName) disposition.SetHttpFileName(fileName);
        headers.ContentDisposition = disposition.ToString();
        // RFC 9110 §8.8.3: a strong validator, since the bytes behind an id never change; the framework answers
        // If-None-Match with 304 and serves byte ranges (a video player seeks with them).
        return TypedResults.File(content.Bytes, file.ContentType, enableRangeProcessing: true, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""));
    }

    /// <summary>The file name a <c>Content-Disposition</c> request header gives (RFC 6266 §4.3: <c>filename*</c> before <c>filename</c>), or <c>null</c>.</summary>
    private static string? FileNameOf(string? contentDisposition)
    {
        if (!ContentDispositionHeaderValue.TryParse(contentDisposition, out ContentDispositionHeaderValue? parsed)) return null;
        string? name = parsed.FileNameStar.HasValue ? parsed.FileNameStar.Value : HeaderUtilities.RemoveQuotes(parsed.FileName).Value;
        return string.IsNullOrEmpty(name) ? null : name;
    }

    private static ProblemHttpResult TooLarge(long maxBytes) => new EvidenceTooLarge(maxBytes).ToProblem();

    private static EvidenceFileResponse Response(EvidenceFile f, PublicUrls urls) =>
        new(f.Id, f.Sha256, f.ContentType, f.Length, f.FileName, urls.EvidenceFile(f.Id), f.CreatedAt);
}
