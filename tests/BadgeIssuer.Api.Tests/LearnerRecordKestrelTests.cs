using System.Net.Sockets;
using System.Text;
using BadgeIssuer.Core.Clients;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// On Kestrel, a learner record asked for with no body: what counts is whether the message has one (RFC 9112 §6.3:
/// neither Content-Length nor Transfer-Encoding, or a Content-Length of 0), also when a client still names the JSON media
/// type for it, as HTTP tools and client libraries do for every POST.
/// </summary>
public sealed class LearnerRecordKestrelTests : IDisposable
{
    private readonly ApiFactory _api = ApiFactory.OnLoopback();

    public void Dispose() => _api.Dispose();

    [Theory]
    [InlineData("Content-Type: application/json\r\n")]
    [InlineData("Content-Type: application/json\r\nContent-Length: 0\r\n")]
    [InlineData("")]
    public async Task A_post_without_a_body_asks_for_every_current_award_with_or_without_a_content_type(string headers)
    {
        Pathway pathway = await Pathway.CreateAsync(_api, Scopes.ClrsIssue);
        await pathway.AwardAsync(pathway.Micros[0]);
        string key = pathway.Client.DefaultRequestHeaders.Authorization!.Parameter!;
        Uri service = new(_api.PublicBaseUrl);

        using TcpClient tcp = new();
        await tcp.ConnectAsync(service.Host, service.Port);
        using NetworkStream stream = tcp.GetStream();
        string request = $"POST /api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clr HTTP/1.1\r\n"
            + $"Host: {service.Authority}\r\nAuthorization: Bearer {key}\r\n{headers}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using StreamReader reader = new(stream, Encoding.UTF8);
        string answer = await reader.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 201 ", answer, StringComparison.Ordinal);
        Assert.Contains("\"ClrCredential\"", answer, StringComparison.Ordinal);
    }
}
