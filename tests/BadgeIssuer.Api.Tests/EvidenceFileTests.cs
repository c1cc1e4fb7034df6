using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Tests.Assessment;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// Evidence uploads and downloads against the running service: each accepted type stored as its bytes say and served
/// back whole with the headers of untrusted content; a mismatched or unknown type 415, an empty file 422, another
/// issuer's files 404, a client without the scope 403.
/// </summary>
public sealed class EvidenceFileTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> Names() => [.. EvidenceSamples.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_accepted_type_is_stored_as_its_bytes_say_and_served_back_whole(string name)
    {
        (_, byte[] bytes, string type) = EvidenceSamples.All().Single(s => s.Name == name);
        (string issuerId, HttpClient client) = await UploaderAsync();

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(bytes, "application/octet-stream", $"evidence.{name}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject file = await response.ReadObjectAsync();
        string id = file["id"]!.GetValue<string>();
        Assert.Equal((type, (long)bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), $"evidence.{name}", $"{api.PublicBaseUrl}/evidence/{id}"),
            (file["contentType"]!.GetValue<string>(), file["length"]!.GetValue<long>(), file["sha256"]!.GetValue<string>(), file["fileName"]!.GetValue<string>(), file["url"]!.GetValue<string>()));
        Assert.Equal($"/api/v1/issuers/{issuerId}/evidence-files/{id}", response.Headers.Location?.OriginalString);

        HttpResponseMessage served = await api.Anonymous().GetAsync($"/evidence/{id}");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(bytes, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal(EvidenceContentTypes.MediaType(type), served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(EvidenceContentTypes.ShownInline(type) ? "inline" : "attachment", served.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task A_served_file_is_sandboxed_never_sniffed_immutable_and_revalidated_by_its_sha256()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();
        JsonObject png = await UploadAsync(client, issuerId, EvidenceSamples.Png, "image/png", "Tafelbild — Stunde 3.png");
        JsonObject docx = await UploadAsync(client, issuerId, EvidenceSamples.Docx(), EvidenceContentTypes.Docx, "plan.docx");
        using HttpClient anonymous = api.Anonymous();

        HttpResponseMessage image = await anonymous.GetAsync($"/evidence/{png["id"]}");
        HttpResponseMessage document = await anonymous.GetAsync($"/evidence/{docx["id"]}");

        string etag = $"\"{png["sha256"]}\"";
        Assert.Equal(etag, image.Headers.ETag?.ToString());
        Assert.False(image.Headers.ETag!.IsWeak);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("sandbox; default-src 'none'", image.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("public, max-age=86400, immutable", image.Headers.CacheControl?.ToString());
        Assert.Equal("inline", image.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Tafelbild — Stunde 3.png", image.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("attachment", document.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("plan.docx", document.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using HttpRequestMessage again = new(HttpMethod.Get, $"/evidence/{png["id"]}");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag));
        HttpResponseMessage notModified = await anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_declared_type_that_disagrees_with_the_bytes_is_415_naming_both()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(EvidenceSamples.Png, "application/pdf", "scan.pdf"));

        JsonObject problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        string detail = problem["detail"]!.GetValue<string>();
        Assert.Contains("application/pdf", detail, StringComparison.Ordinal);
        Assert.Contains("image/png", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bytes_of_no_accepted_type_are_415_listing_the_accepted_ones_and_an_empty_file_is_422()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();
        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

        HttpResponseMessage unknown = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(executable, null, "setup.exe"));
        HttpResponseMessage macro = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(EvidenceSamples.Docm(), null, "plan.docm"));
        HttpResponseMessage empty = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body([], "text/plain", "empty.txt"));

        string detail = (await ProblemAsync(unknown, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type"))["detail"]!.GetValue<string>();
        Assert.All(EvidenceContentTypes.Accepted, type => Assert.Contains(type, detail, StringComparison.Ordinal));
        await ProblemAsync(macro, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await ProblemAsync(empty, HttpStatusCode.UnprocessableEntity, "invalid-field");
    }

    [Fact]
    public async Task The_name_comes_from_the_query_when_no_content_disposition_names_it_and_is_sanitised()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files?name={Uri.EscapeDataString("../../secret/\u202Egnp.exe\r\n")}",
            Body(EvidenceSamples.Text, "text/plain", null));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("gnp.exe", (await response.ReadObjectAsync())["fileName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_issuers_files_are_404_to_a_client_and_its_record_is_readable_with_the_read_scope()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();
        (string otherIssuerId, HttpClient other) = await UploaderAsync();
        JsonObject file = await UploadAsync(client, issuerId, EvidenceSamples.Pdf, "application/pdf", "plan.pdf");
        using HttpClient reader = api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, Scopes.SubmissionsRead));

        await ProblemAsync(await other.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(EvidenceSamples.Pdf, null, null)), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.GetAsync($"/api/v1/issuers/{issuerId}/evidence-files/{file["id"]}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await other.GetAsync($"/api/v1/issuers/{otherIssuerId}/evidence-files/{file["id"]}"), HttpStatusCode.NotFound, "not-found");
        await ProblemAsync(await api.Admin().PostAsync("/api/v1/issuers/no-such-issuer/evidence-files", Body(EvidenceSamples.Pdf, null, null)), HttpStatusCode.NotFound, "not-found");
        HttpResponseMessage read = await reader.GetAsync($"/api/v1/issuers/{issuerId}/evidence-files/{file["id"]}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(file.ToJsonString(), (await read.ReadObjectAsync()).ToJsonString());
    }

    [Fact]
    public async Task A_client_without_the_submission_scope_is_403()
    {
        string issuerId = await Journey.CreateIssuerAsync(api);
        using HttpClient reader = api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, Scopes.SubmissionsRead));
        using HttpClient issuing = api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, Scopes.AwardsIssue, Scopes.AwardsRead));

        await ProblemAsync(await reader.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(EvidenceSamples.Pdf, null, null)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await issuing.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(EvidenceSamples.Pdf, null, null)), HttpStatusCode.Forbidden, "forbidden");
        await ProblemAsync(await issuing.GetAsync($"/api/v1/issuers/{issuerId}/evidence-files/abc"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(EvidenceSamples.Pdf, null, null))).StatusCode);
    }

    [Theory]
    [InlineData("abcdefghjkmnpqrstvwx")]
    [InlineData("not-an-id")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task An_unknown_evidence_file_is_a_404_problem(string fileId)
    {
        await ProblemAsync(await api.Anonymous().GetAsync($"/evidence/{fileId}"), HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task An_upload_is_in_the_issuers_audit_trail()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();
        JsonObject file = await UploadAsync(client, issuerId, EvidenceSamples.Pdf, "application/pdf", "plan.pdf");

        JsonObject trail = await (await api.Admin().GetAsync($"/api/v1/issuers/{issuerId}/audit")).ReadObjectAsync();

        JsonNode entry = Assert.Single(trail["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == Core.Audit.AuditActions.EvidenceUploaded)!;
        Assert.Equal(file["id"]!.GetValue<string>(), entry["targets"]!["evidenceFileId"]!.GetValue<string>());
    }

    private async Task<(string IssuerId, HttpClient Client)> UploaderAsync()
    {
        string issuerId = await Journey.CreateIssuerAsync(api);
        return (issuerId, api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, Scopes.SubmissionsWrite)));
    }

    private static async Task<JsonObject> UploadAsync(HttpClient client, string issuerId, byte[] bytes, string? contentType, string? fileName)
    {
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", Body(bytes, contentType, fileName));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadObjectAsync();
    }

    /// <summary>The raw bytes with their declared type and an RFC 6266 attachment disposition naming the file.</summary>
    internal static ByteArrayContent Body(byte[] bytes, string? contentType, string? fileName)
    {
        ByteArrayContent content = new(bytes);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (fileName is not null)
        {
            ContentDispositionHeaderValue disposition = new("attachment") { FileNameStar = fileName };
            content.Headers.ContentDisposition = disposition;
        }
        return content;
    }

    internal static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonObject problem = await response.ReadObjectAsync();
        Assert.EndsWith($"/problems/{type}", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        return problem;
    }
}

/// <summary>
/// The upload's size limit on Kestrel itself, with a limit above the service's global request limit (2 MiB): a file
/// up to the limit is stored, one byte more is a 413 problem whether or not the body declared its length, and a far
/// larger body is cut off at the limit, not read to its end.
/// </summary>
public sealed class EvidenceFileSizeTests : IDisposable
{
    private const long MaxFileBytes = 3 * 1024 * 1024;
    private readonly ApiFactory _api = ApiFactory.OnLoopback(new Dictionary<string, string> { ["BadgeIssuer:Assessment:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task A_file_of_exactly_the_limit_above_the_global_request_limit_is_stored()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", EvidenceFileTests.Body(Text(MaxFileBytes), "text/plain", "long.txt"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(MaxFileBytes, (await response.ReadObjectAsync())["length"]!.GetValue<long>());
    }

    [Fact]
    public async Task One_byte_over_the_limit_with_a_content_length_is_413()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", EvidenceFileTests.Body(Text(MaxFileBytes + 1), "text/plain", "long.txt"));

        await EvidenceFileTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
    }

    [Fact]
    public async Task One_byte_over_the_limit_without_a_content_length_is_413()
    {
        (string issuerId, HttpClient client) = await UploaderAsync();
        using StreamContent content = new(new UnsizedStream(MaxFileBytes + 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain");

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files", content);

        Assert.Null(content.Headers.ContentLength);
        JsonObject problem = await EvidenceFileTests.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "payload-too-large");
        Assert.Equal($"The file must be at most {MaxFileBytes} bytes.", problem["detail"]!.GetValue<string>());
    }

    /// <summary>
    /// A chunked body of 64 MiB: the 413 comes once the limit is passed, while the client is still sending, and the
    /// connection is closed rather than the rest read. HttpClient gives up on a request whose body it cannot finish
    /// sending, so this client writes HTTP/1.1 on a socket and reads the answer while it writes.
    /// </summary>
    [Fact]
    public async Task A_far_larger_body_without_a_content_length_is_answered_413_while_it_is_still_being_sent()
    {
        (string issuerId, string key) = await UploaderKeyAsync();
        Uri address = new(_api.PublicBaseUrl);
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
        using System.Net.Sockets.TcpClient tcp = new();
        await tcp.ConnectAsync(address.Host, address.Port, timeout.Token);
        System.Net.Sockets.NetworkStream stream = tcp.GetStream();
        Task<string> answer = ReadAnswerAsync(stream, timeout.Token);

        long sent = await SendChunkedAsync(stream, $"POST /api/v1/issuers/{issuerId}/evidence-files HTTP/1.1\r\nHost: {address.Authority}\r\n" +
            $"Authorization: Bearer {key}\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n", 64L * 1024 * 1024, answer, timeout.Token);

        string response = await answer;
        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", response, StringComparison.Ordinal);
        Assert.Contains("/problems/payload-too-large", response, StringComparison.Ordinal);
        Assert.Contains($"The file must be at most {MaxFileBytes} bytes.", response, StringComparison.Ordinal);
        Assert.True(sent < 64L * 1024 * 1024, $"the whole body ({sent} bytes) was taken");
    }

    private async Task<(string IssuerId, HttpClient Client)> UploaderAsync()
    {
        (string issuerId, string key) = await UploaderKeyAsync();
        return (issuerId, _api.ClientWith(key));
    }

    private async Task<(string IssuerId, string Key)> UploaderKeyAsync()
    {
        string issuerId = await Journey.CreateIssuerAsync(_api);
        return (issuerId, await Journey.CreateClientKeyAsync(_api, issuerId, Scopes.SubmissionsWrite));
    }

    /// <summary>Writes the head, then 64 KiB chunks until <paramref name="length"/> bytes, the answer has come, or the server stops taking them; returns the bytes sent.</summary>
    private static async Task<long> SendChunkedAsync(Stream stream, string head, long length, Task answer, CancellationToken cancellationToken)
    {
        byte[] chunk = [.. System.Text.Encoding.ASCII.GetBytes("10000\r\n"), .. Text(64 * 1024), .. "\r\n"u8];
        long sent = 0;
        try
        {
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), cancellationToken);
            for (; sent < length && !answer.IsCompleted; sent += 64 * 1024) await stream.WriteAsync(chunk, cancellationToken);
            if (sent >= length) await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), cancellationToken);
        }
        catch (IOException)
        {
            // The server closed the connection after its answer, as it should: the rest of the body is refused.
        }
        return sent;
    }

    /// <summary>The answer's head and body, read as they come until its Content-Length is complete or the connection closes.</summary>
    private static async Task<string> ReadAnswerAsync(Stream stream, CancellationToken cancellationToken)
    {
        System.Text.StringBuilder text = new();
        byte[] buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
                string so = text.ToString();
                int end = so.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                System.Text.RegularExpressions.Match length = System.Text.RegularExpressions.Regex.Match(so, "(?im)^content-length: *([0-9]+)");
                if (end >= 0 && length.Success && System.Text.Encoding.UTF8.GetByteCount(so[(end + 4)..]) >= int.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                    break;
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what came before it is the answer.
        }
        return text.ToString();
    }

    private static byte[] Text(long length)
    {
        byte[] bytes = new byte[length];
        bytes.AsSpan().Fill((byte)'a');
        return bytes;
    }

    /// <summary>A body of <paramref name="length"/> bytes of text that does not tell its length, so it is sent chunked.</summary>
    private sealed class UnsizedStream(long length) : Stream
    {
        private long _sent;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _sent);
            buffer.AsSpan(offset, n).Fill((byte)'a');
            _sent += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
