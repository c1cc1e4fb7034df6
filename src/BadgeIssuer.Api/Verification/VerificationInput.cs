// DESIGN §4 inputs: JSON, compact JWT, baked PNG or SVG, or the URL of a credential this service hosts (other hosts
// only when the allow-list names them), with an optional expected recipient (OB 3.0 §9.3). One reader serves both
// the API and the /verify page, so they accept exactly the same things.
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Credentials.Verification;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.Verification;

/// <summary>What to verify: a parsed JSON credential, raw content (text or an image), or a URL; and what is expected of it.</summary>
public sealed record VerificationInput(JsonObject? Credential, byte[]? Content, Uri? Url, VerifyOptions Options)
{
    /// <summary>The sentence of the answer to a verification stopped because the service is shutting down.</summary>
    public const string ShuttingDownDetail = "The service is shutting down, so the verification was stopped; try again in a moment.";

    /// <summary>Runs the verifier on whichever input was given.</summary>
    public Task<VerificationReport> RunAsync(CredentialVerifier verifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (Credential is not null) return verifier.VerifyJsonAsync(Credential, Options, cancellationToken);
        if (Url is not null) return verifier.VerifyUrlAsync(Url, Options, cancellationToken);
        return verifier.VerifyContentAsync(Content ?? [], Options, null, cancellationToken);
    }

    /// <summary>
    /// Runs the verifier for a request: the client's disconnect and the application's shutdown both stop it. A client
    /// that left gets no answer (the cancellation propagates, and ASP.NET Core ends the request quietly); when the
    /// service is shutting down the result is <c>null</c>, so the endpoint can say so. Runs in a
    /// <see cref="BadgeIssuerTelemetry.VerifySpan"/> span, and a finished verification is counted with its verdict.
    /// </summary>
    public async Task<VerificationReport?> RunAsync(CredentialVerifier verifier, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        CancellationToken stopping = http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using CancellationTokenSource linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, stopping);
        using Activity? activity = BadgeIssuerTelemetry.Source.StartActivity(BadgeIssuerTelemetry.VerifySpan);
        try
        {
            VerificationReport report = await RunAsync(verifier, linked.Token);
            activity?.SetTag(BadgeIssuerTelemetry.VerdictTag, BadgeIssuerTelemetry.Verdict(report.Verified));
            http.RequestServices.GetRequiredService<BadgeIssuerTelemetry>().Verified(report.Verified);
            return report;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            return null;
        }
    }
}

/// <summary>Why a request could not be read as something to verify: an HTTP status, a problem type and a plain sentence.</summary>
public sealed record InputProblem(int Status, string Type, string Detail);

/// <summary>Reads a verification request from any of the accepted media types, within size and depth bounds.</summary>
public static class VerificationInputReader
{
    /// <summary>The largest request accepted for verification (a baked image included).</summary>
    public const int MaxBytes = 2 * 1024 * 1024;

    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The media types accepted, as the 415 answer lists them.</summary>
    public const string Accepted = "application/vc+ld+json, application/ld+json, application/json, text/plain, application/jwt, image/png, image/svg+xml, multipart/form-data, application/x-www-form-urlencoded";

    private static readonly string[] RawTypes = ["text/plain", "application/jwt", "image/png", "image/svg+xml", "application/octet-stream"];

    /// <summary>Reads the request: the credential and the expected recipient, or the problem that explains why not.</summary>
    public static async Task<(VerificationInput? Input, InputProblem? Problem)> ReadAsync(HttpContext http, JsonBody body)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(body);
        MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? media);
        string mediaType = media?.MediaType.Value?.ToLowerInvariant() ?? "";
        if (http.Request.HasFormContentType) return await ReadFormAsync(http);
        if (!JsonBody.IsJson(http.Request.ContentType) && !RawTypes.Contains(mediaType))
            return Fail(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                $"Send the credential as one of {Accepted}; found '{http.Request.ContentType ?? "no Content-Type"}'.");

        (byte[]? bytes, ProblemHttpResult? tooLarge) = await body.ReadBytesAsync(http, MaxBytes);
        if (tooLarge is not null) return Fail(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, $"The body must be at most {MaxBytes} bytes.");
        if (bytes!.Length == 0) return Fail(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "The body is empty; send the credential, a baked image, or a JSON object with a url.");
        (ExpectedRecipient? recipient, InputProblem? recipientProblem) = Recipient(http.Request.Query["recipient"], http.Request.Query["recipientType"]);
        if (recipientProblem is not null) return (null, recipientProblem);
        VerifyOptions options = new(recipient);
        return JsonBody.IsJson(http.Request.ContentType) ? ReadJson(bytes, options) : (new VerificationInput(null, bytes, null, options), null);
    }

    /// <summary>A JSON body: a credential (it has <c>@context</c>), or a request <c>{ credential | url, recipient? }</c>.</summary>
    private static (VerificationInput?, InputProblem?) ReadJson(byte[] bytes, VerifyOptions options)
    {
        if (JsonBody.SyntaxProblem(bytes) is { } syntax) return Fail(StatusCodes.Status400BadRequest, syntax.Type, syntax.Detail);
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = JsonBody.MaxDepth, AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException)
        {
            return Fail(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not valid JSON: a member name appears twice.");
        }
        if (json is null) return Fail(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField, "The body must be a JSON object: the credential, or { \"credential\" | \"url\", \"recipient\" }.");
        if (json.ContainsKey("@context")) return (new VerificationInput(json, null, null, options), null);

        if (json.Select(p => p.Key).FirstOrDefault(k => k is not ("credential" or "url" or "recipient")) is { } unknown)
            return Fail(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField,
                $"'{unknown}' is not a field of a verification request; send a credential (with @context), or an object with 'credential' or 'url' and an optional 'recipient'.");
        if (json["recipient"] is { } recipientNode)
        {
            (ExpectedRecipient? recipient, InputProblem? problem) = recipientNode switch
            {
                JsonValue v when v.TryGetValue(out string? identity) => Recipient(identity, null),
                JsonObject o when o["identity"] is JsonValue id && id.TryGetValue(out string? identity)
                    && (o["identityType"] is null || (o["identityType"] is JsonValue t && t.TryGetValue(out string? _)))
                    && o.Count <= 2 && o.All(p => p.Key is "identity" or "identityType") => Recipient(identity, o["identityType"]?.GetValue<string>()),
                _ => (null, new InputProblem(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField,
                    "'recipient' must be a string (an e-mail address, URL or DID) or { \"identity\": \"...\", \"identityType\": \"emailAddress\" }.")),
            };
            if (problem is not null) return (null, problem);
            options = new VerifyOptions(recipient);
        }
        return (json["credential"], json["url"]) switch
        {
            (JsonObject credential, null) => (new VerificationInput(credential, null, null, options), null),
            (JsonValue text, null) when text.TryGetValue(out string? value) => (new VerificationInput(null, Encoding.UTF8.GetBytes(value), null, options), null),
            (null, JsonValue url) when url.TryGetValue(out string? value) => Url(value, options),
            (not null, not null) => Fail(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField, "Send either 'credential' or 'url', not both."),
            _ => Fail(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField,
                "Send 'credential' (the credential object, or a compact VC-JWT as a string) or 'url' (the address of a credential)."),
        };
    }

    /// <summary>A form (the /verify page, or a multipart upload): <c>file</c>, <c>credential</c> or <c>url</c>, and <c>recipient</c>.</summary>
    private static async Task<(VerificationInput?, InputProblem?)> ReadFormAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBytes)
            return Fail(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, $"The upload must be at most {MaxBytes} bytes.");
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            return Fail(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, $"The form could not be read: {ex.Message}");
        }
        (ExpectedRecipient? recipient, InputProblem? recipientProblem) = Recipient(form["recipient"], form["recipientType"]);
        if (recipientProblem is not null) return (null, recipientProblem);
        VerifyOptions options = new(recipient);
        IFormFile? file = form.Files.GetFile("file") is { Length: > 0 } f ? f : null;
        string? text = string.IsNullOrWhiteSpace(form["credential"]) ? null : form["credential"].ToString();
        string? url = string.IsNullOrWhiteSpace(form["url"]) ? null : form["url"].ToString().Trim();
        int given = (file is null ? 0 : 1) + (text is null ? 0 : 1) + (url is null ? 0 : 1);
        if (given != 1)
            return Fail(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest,
                given == 0 ? "Paste a credential or a link, or choose a file." : "Give one thing to verify: a file, pasted text, or a link.");
        if (url is not null) return Url(url, options);
        if (text is not null)
        {
            string trimmed = text.Trim();
            return trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                ? Url(trimmed, options)
                : (new VerificationInput(null, Encoding.UTF8.GetBytes(text), null, options), null);
        }
        if (file!.Length > MaxBytes)
            return Fail(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, $"The file must be at most {MaxBytes} bytes.");
        using MemoryStream buffer = new();
        await file.CopyToAsync(buffer, http.RequestAborted);
        return (new VerificationInput(null, buffer.ToArray(), null, options), null);
    }

    private static (VerificationInput?, InputProblem?) Url(string value, VerifyOptions options)
    {
        if (value.Length > MaxUrlLength || !Uri.TryCreate(value, UriKind.Absolute, out Uri? url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            return Fail(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField, $"'url' must be an absolute http(s) URL of at most {MaxUrlLength} characters.");
        return (new VerificationInput(null, null, url, options), null);
    }

    private static (ExpectedRecipient?, InputProblem?) Recipient(string? identity, string? identityType)
    {
        if (string.IsNullOrWhiteSpace(identity)) return (null, null);
        if (identity.Length > 512 || identityType?.Length > 64)
            return (null, new InputProblem(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField, "'recipient' must be at most 512 characters and 'recipientType' at most 64."));
        return (new ExpectedRecipient(identity.Trim(), string.IsNullOrWhiteSpace(identityType) ? null : identityType.Trim()), null);
    }

    private static (VerificationInput?, InputProblem?) Fail(int status, string type, string detail) => (null, new InputProblem(status, type, detail));
}
