using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Credentials.Verification;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Verification;

/// <summary><c>POST /api/v1/verify</c>: anyone checks a credential and gets a report, never an exception.</summary>
public static class VerifyEndpoints
{
    public static void MapVerification(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/verify", VerifyAsync).WithTags("Verification")
            .WithName("VerifyCredential")
            .WithSummary("Verify a credential and get a report; a credential that fails is still 200 with verified=false")
            .WithDescription("""
                The body is any of: a JSON credential with embedded proofs (application/vc+ld+json, application/ld+json, application/json);
                a compact VC-JWT (text/plain, application/jwt); a baked image (image/png, image/svg+xml); a JSON request
                {"credential": <object or JWT string> | "url": "<credential URL>", "recipient": "<e-mail, URL or DID>" | {"identity", "identityType"}};
                or a form (multipart/form-data, application/x-www-form-urlencoded) with file, credential or url, and recipient/recipientType.
                A URL is read only when this service hosts it or BadgeIssuer:Verification:AllowedHosts lists its host.
                For raw bodies the expected recipient goes in the query: ?recipient=...&recipientType=emailAddress.
                A CLR 2.0 ClrCredential is checked as a credential (its structure rule by rule, its proof, dates and status), and
                each credential it carries is verified on its own and reported in order under "credentials"; one that is not valid
                is named in the "credentials" check as a warning and leaves the CLR's own verdict as it is.
                """)
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)
            .RequireVerificationLimits()
            .DisableAntiforgery();
    }

    private static async Task<Results<Ok<VerificationReport>, ProblemHttpResult>> VerifyAsync(HttpContext http, JsonBody body, CredentialVerifier verifier)
    {
        (VerificationInput? input, InputProblem? problem) = await VerificationInputReader.ReadAsync(http, body);
        if (problem is not null) return ApiProblems.Result(problem.Status, problem.Type, problem.Detail);
        return await input!.RunAsync(verifier, http) is { } report
            ? TypedResults.Ok(report)
            : ApiProblems.Result(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ShuttingDown, VerificationInput.ShuttingDownDetail);
    }
}
