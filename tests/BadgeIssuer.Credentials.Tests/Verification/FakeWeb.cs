using System.Net;
using System.Text;

namespace BadgeIssuer.Credentials.Tests.Verification;

/// <summary>
/// Stands in for other hosts' web servers, which this machine cannot reach: serves fixed answers (status and JSON
/// body) by URL, 404 for any other, and counts requests. The verifier's real HTTP client and limits run on top of it.
/// </summary>
internal sealed class FakeWeb(Dictionary<string, (HttpStatusCode Status, string Body)> pages) : HttpMessageHandler
{
    public int Requests { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        (HttpStatusCode status, string body) = pages.TryGetValue(request.RequestUri!.AbsoluteUri, out var page) ? page : (HttpStatusCode.NotFound, "");
        return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
    }
}
