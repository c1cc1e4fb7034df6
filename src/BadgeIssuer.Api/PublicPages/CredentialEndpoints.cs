// An issued credential at its id, in every form (OB 3.0 §5 document formats, §5.3 baking): JSON
// (application/vc+ld+json), the compact VC-JWT (text/plain), a badge page for browsers (HTML), and the badge image
// with the credential baked in (PNG, SVG).
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.PublicDocuments;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuing;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.PublicPages;

/// <summary><c>GET /credentials/{id}</c> and its <c>.json</c>, <c>.jwt</c>, <c>.html</c>, <c>.png</c> and <c>.svg</c> forms.</summary>
public static class CredentialEndpoints
{
    /// <summary>OB 3.0 §5.2: the web media type of a JSON credential.</summary>
    public const string VcLdJson = "application/vc+ld+json";

    public static void MapCredentials(this IEndpointRouteBuilder app)
    {
        app.MapGet("/credentials/{file}", GetAsync).WithTags("Public")
            .WithName("GetCredential")
            .WithSummary("An issued credential: JSON (application/vc+ld+json) by default or as {id}.json; {id}.jwt the compact VC-JWT (text/plain); "
                + "the badge page (HTML) when a browser asks or as {id}.html; {id}.png and {id}.svg the badge image with the credential baked in")
            .Produces(StatusCodes.Status200OK, contentType: VcLdJson, additionalContentTypes: ["application/json", "text/plain", "text/html", "image/png", "image/svg+xml"])
            .Produces(StatusCodes.Status304NotModified).WithProblems(StatusCodes.Status404NotFound);
    }

    /// <summary>
    /// A baked image changes once at most, when the learner claims the badge into a wallet and the credential inside is
    /// signed again for them: caches keep it for a day, then revalidate it by its entity tag (a 304 while it is the same).
    /// </summary>
    public const string ImageCacheControl = "public, max-age=86400";

    private static async Task<IResult> GetAsync(string file, HttpContext http, PublicationService publication, PublicUrls urls,
        PageCache pages)
    {
        (string id, string? format) = PublicUrls.SplitFile(file);
        if (format is not (null or "json" or "jwt" or "html" or "png" or "svg"))
            return ApiProblems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"Credentials are served as {id}, {id}.json, {id}.jwt, {id}.html, {id}.png or {id}.svg.");
        format ??= PublicEndpoints.Prefers(http.Request, "application/vc+jwt", "application/jwt") ? "jwt"
            : PrefersHtml(http.Request) ? "html"
            : null;
        string pageUrl = urls.Credential(id);

        // A page or image made before is found from the award's version alone: its credential is not read again.
        if (format is "html" or "png" or "svg")
        {
            Outcome<AwardHead> head = await publication.AwardHeadAsync(id, http.RequestAborted);
            if (head is not Done<AwardHead> { Value: var current }) return head.ToProblem();
            CachedContent? kept = format == "html" ? await pages.KeptPageAsync(current, pageUrl, http.RequestAborted) : pages.KeptImage(current, format);
            if (kept is not null) return Serve(http, format, id, kept);
        }

        Outcome<Award> outcome = await publication.AwardAsync(id, http.RequestAborted);
        if (outcome is not Done<Award> { Value: var award }) return outcome.ToProblem();
        switch (format)
        {
            case "jwt":
                Public(http);
                return Results.Text(await publication.JwtAsync(award, http.RequestAborted), "text/plain; charset=utf-8");
            case "html":
                return Serve(http, format, id, await pages.PageAsync(award, pageUrl, http.RequestAborted));
            case "png":
                return Serve(http, format, id, pages.Png(award, await publication.Ob2AssertionUrlAsync(award, http.RequestAborted)));
            case "svg":
                return Serve(http, format, id, pages.Svg(award, await publication.Ob2AssertionUrlAsync(award, http.RequestAborted)));
            default:
                Public(http);
                string mediaType = format is null && PublicEndpoints.Prefers(http.Request, "application/json") ? "application/json" : VcLdJson;
                return Results.Text(award.CredentialJson, mediaType + "; charset=utf-8");
        }
    }

    /// <summary>The headers of every answer: shared caches may keep it for a minute, per <c>Accept</c>.</summary>
    internal static void Public(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=60";
        http.Response.Headers.Vary = HeaderNames.Accept;
    }

    /// <summary>The badge page (revalidated on every view: its verdict can change at any moment) or a baked image (never changes).</summary>
    private static IResult Serve(HttpContext http, string format, string id, CachedContent content)
    {
        Public(http);
        http.Response.Headers.CacheControl = format == "html" ? "no-cache" : ImageCacheControl;
        return format switch
        {
            "html" => Conditional(content, Html.MediaType, null),
            "png" => Conditional(content, "image/png", $"{id}.png"),
            _ => Conditional(content, "image/svg+xml", $"{id}.svg"),
        };
    }

    /// <summary>The content with its entity tag; ASP.NET Core answers <c>If-None-Match</c> with a 304 (RFC 9110 §13.1.2).</summary>
    internal static IResult Conditional(CachedContent content, string mediaType, string? fileDownloadName) =>
        Results.Bytes(content.Bytes, mediaType, fileDownloadName, entityTag: new EntityTagHeaderValue(content.ETag));

    /// <summary>
    /// A browser asks for HTML: <c>text/html</c> is listed and ranks at least as high as any JSON type. A bare
    /// <c>*/*</c> (curl, most HTTP libraries) keeps getting JSON.
    /// </summary>
    internal static bool PrefersHtml(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out IList<MediaTypeHeaderValue>? accepted)) return false;
        double html = accepted.Where(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        double json = accepted.Where(a => a.MediaType.Value is { } m && (m.EndsWith("json", StringComparison.OrdinalIgnoreCase))).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();
        return html > 0 && html >= json;
    }
}
