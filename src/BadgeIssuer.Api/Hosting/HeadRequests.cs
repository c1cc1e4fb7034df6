// RFC 9110 §9.3.2: HEAD is GET without the content, and "the server SHOULD send the same header fields in response to a
// HEAD request as it would have sent if the request method had been GET". Link checkers, crawlers that build link
// previews and download managers ask for a badge, its image or an evidence file with HEAD first.
namespace BadgeIssuer.Api.Hosting;

/// <summary>Answers HEAD on every GET route: the request is routed and handled as GET, and Kestrel sends no content.</summary>
public static class HeadRequests
{
    /// <summary>
    /// Routes a HEAD request as GET. Kestrel keeps the method of the request line for the response, so it sends the
    /// status and header fields of the GET answer (Content-Length included) and drops the content (RFC 9110 §9.3.2).
    /// Must run before routing.
    /// </summary>
    public static void UseHeadAsGet(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(static (context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method)) context.Request.Method = HttpMethods.Get;
            return next(context);
        });
    }
}
