using BadgeIssuer.Core.Configuration;
using Microsoft.AspNetCore.Mvc;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Api.Problems;

/// <summary>
/// The writer of <see cref="IProblemDetailsService"/>: every problem the service answers (an endpoint's
/// <c>ProblemHttpResult</c>, a status code page, the exception handler, authentication) leaves through here as RFC 9457
/// <c>application/problem+json</c>, whatever the request's <c>Accept</c> says, with its stable type as a URL under
/// <c>{PublicBaseUrl}/problems/</c> and that type's title. A problem without one of our type names gets the type of
/// its status (<see cref="ProblemTypes.ForStatus"/>).
/// </summary>
public sealed class ProblemWriter(BadgeIssuerOptions options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    /// <inheritdoc />
    public bool CanWrite(ProblemDetailsContext context) => true;

    /// <inheritdoc />
    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpContext http = context.HttpContext;
        ProblemDetails problem = context.ProblemDetails;
        int status = problem.Status ?? http.Response.StatusCode;
        // A name of ours has no scheme; anything else (none, or the framework's RFC 9110 section links) is known only by its status.
        string type = problem.Type is { } name && !name.Contains(':', StringComparison.Ordinal) ? name : ProblemTypes.ForStatus(status);
        problem.Status = status;
        if (type == ProblemTypes.Blank)
        {
            problem.Type = ProblemTypes.Blank;
            problem.Title = ReasonPhrases.GetReasonPhrase(status);
        }
        else
        {
            problem.Type = $"{options.BaseUrl}/problems/{type}";
            problem.Title = ProblemTypes.Title(type);
        }
        http.Response.StatusCode = status;
        return new ValueTask(http.Response.WriteAsJsonAsync(problem, json.Value.SerializerOptions, ApiProblems.MediaType, http.RequestAborted));
    }
}
