// Headers that make every response safe to serve to a browser: W3C Content Security Policy Level 3, nosniff (Fetch
// §X-Content-Type-Options), X-Frame-Options (RFC 7034) with CSP frame-ancestors, Referrer Policy, and HSTS (RFC 6797)
// when the public base URL is https. The policy follows what a response is: a page, an SVG image (which may hold an
// issuer's markup, so it runs no script), or a document (JSON, JWT, PNG, problems). Swagger UI, whose page carries
// inline scripts of its own, gets no CSP.
using BadgeIssuer.Api.PublicPages;
using BadgeIssuer.Core.Configuration;

namespace BadgeIssuer.Api.Hosting;

/// <summary>Adds the security headers to every response as it starts.</summary>
public static class SecurityHeaders
{
    /// <summary>An SVG image: styles of its own and data: images, nothing else, sandboxed (no script, no forms).</summary>
    public const string SvgPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

    /// <summary>A document that is not a page (JSON, JWT, PNG, problem details): it loads nothing and is never framed.</summary>
    public const string DocumentPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>HSTS for a year (RFC 6797 §6.1), sent when the public base URL is https.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    /// <summary>
    /// The pages' policy: their one inline style sheet and the verify page's drop script by hash, images from this
    /// service (also under its public base URL) and data: URIs, forms posted only here.
    /// </summary>
    public static string PagePolicy(BadgeIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string origin = new Uri(options.BaseUrl).GetLeftPart(UriPartial.Authority);
        return $"default-src 'none'; script-src {VerifyPage.ScriptSource}; style-src {Html.StyleSource}; img-src 'self' {origin} data:; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    /// <summary>Adds the headers to every response; call first, so problem responses carry them too.</summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        BadgeIssuerOptions options = app.Services.GetRequiredService<BadgeIssuerOptions>();
        string pagePolicy = PagePolicy(options);
        bool https = options.BaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                Apply(http, pagePolicy, https);
                return Task.CompletedTask;
            });
            return next(http);
        });
    }

    private static void Apply(HttpContext http, string pagePolicy, bool https)
    {
        IHeaderDictionary headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (https) headers.StrictTransportSecurity = StrictTransportSecurity;
        if (http.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase) || headers.ContentSecurityPolicy.Count > 0) return;
        string contentType = http.Response.ContentType ?? "";
        headers.ContentSecurityPolicy = contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ? pagePolicy
            : contentType.StartsWith("image/svg+xml", StringComparison.OrdinalIgnoreCase) ? SvgPolicy
            : DocumentPolicy;
    }
}
