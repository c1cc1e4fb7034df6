using System.Text.Json.Nodes;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.Verification;

/// <summary><c>POST /api/v1/verify</c>: anyone checks a credential and gets a report, never an exception.</summary>
public static class VerifyEndpoints
{
    /// <summary>The largest credential accepted for verification.</summary>
    public const int MaxBytes = 1024 * 1024;

    public static void MapVerification(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/verify", VerifyAsync).WithTags("Verification")
            .WithName("VerifyCredential")
            .WithSummary("Verify a credential: a compact VC-JWT (text/plain or application/jwt) or JSON with embedded Data Integrity proofs (application/vc+ld+json, application/ld+json, application/json). 200 with a report; a credential that fails is still 200 with verified=false")
            .Accepts<string>("text/plain", "application/jwt", "application/vc+ld+json", "application/json").Produces<VerificationReport>();
    }

    private static async Task<IResult> VerifyAsync(HttpContext http, JsonBody body, CredentialVerifier verifier, Problems.Problems problems)
    {
        bool json = JsonBody.IsJson(http.Request.ContentType);
        if (!json && (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out MediaTypeHeaderValue? media)
            || !(media.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("application/jwt", StringComparison.OrdinalIgnoreCase))))
            return problems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                $"Send a compact VC-JWT as text/plain or application/jwt, or a JSON credential as application/vc+ld+json or application/json; found '{http.Request.ContentType ?? "no Content-Type"}'.");
        if (json)
        {
            BodyResult<JsonObject> credential = await body.ReadObjectAsync(http, MaxBytes);
            return credential.Problem ?? Results.Ok(await verifier.VerifyJsonAsync(credential.Value!, http.RequestAborted));
        }
        (byte[]? bytes, IResult? tooLarge) = await body.ReadBytesAsync(http, MaxBytes);
        if (tooLarge is not null) return tooLarge;
        string text;
        try
        {
            text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes!).Trim();
        }
        catch (System.Text.DecoderFallbackException)
        {
            return problems.Result(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "The body is not valid UTF-8 text.");
        }
        if (text.Length == 0)
            return problems.Result(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "The body is empty; send the compact VC-JWT (header.payload.signature).");
        return Results.Ok(await verifier.VerifyJwtAsync(text, http.RequestAborted));
    }
}
