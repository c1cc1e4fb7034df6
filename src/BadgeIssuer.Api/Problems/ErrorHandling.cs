using Microsoft.AspNetCore.Diagnostics;

namespace BadgeIssuer.Api.Problems;

/// <summary>
/// Turns everything that is not an endpoint's own answer into a problem response: unknown routes (404), wrong methods
/// (405), binding failures (400), and bugs (500, logged, with no internals in the body).
/// </summary>
public static class ErrorHandling
{
    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler(handler => handler.Run(async http =>
        {
            Exception? error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
            Problems problems = http.RequestServices.GetRequiredService<Problems>();
            if (error is BadHttpRequestException bad)
            {
                await problems.Result(bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProblemTypes.PayloadTooLarge : ProblemTypes.BadRequest,
                    "The request could not be read: check the URL's parameters, headers and body.").ExecuteAsync(http);
                return;
            }
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("BadgeIssuer.Errors")
                .LogError(error, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            await problems.Result(StatusCodes.Status500InternalServerError, ProblemTypes.InternalError,
                $"An internal error occurred; it has been logged (trace id {http.TraceIdentifier}).").ExecuteAsync(http);
        }));
        app.UseStatusCodePages(async context =>
        {
            HttpContext http = context.HttpContext;
            Problems problems = http.RequestServices.GetRequiredService<Problems>();
            int status = http.Response.StatusCode;
            string type = status switch
            {
                StatusCodes.Status404NotFound => ProblemTypes.NotFound,
                StatusCodes.Status405MethodNotAllowed => ProblemTypes.MethodNotAllowed,
                StatusCodes.Status413PayloadTooLarge => ProblemTypes.PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType => ProblemTypes.UnsupportedMediaType,
                StatusCodes.Status401Unauthorized => ProblemTypes.Unauthenticated,
                StatusCodes.Status403Forbidden => ProblemTypes.Forbidden,
                _ => ProblemTypes.BadRequest,
            };
            string detail = status switch
            {
                StatusCodes.Status404NotFound => $"Nothing is served at {http.Request.Path}; see /swagger for the API.",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}; see /swagger for the API.",
                _ => "The request could not be handled as sent.",
            };
            await problems.Result(status, type, detail).ExecuteAsync(http);
        });
    }
}
