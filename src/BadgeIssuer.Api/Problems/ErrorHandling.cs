using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Template;

namespace BadgeIssuer.Api.Problems;

/// <summary>
/// Problem details for the whole service (<c>AddProblemDetails</c> with <see cref="ProblemWriter"/>), and everything that
/// is not an endpoint's own answer turned into one: unknown routes (404), wrong methods (405), requests that could not
/// be read (400, 413, ...), and bugs (500, logged, with no internals in the body).
/// </summary>
public static partial class ErrorHandling
{
    /// <summary>Registers <see cref="IProblemDetailsService"/> with <see cref="ProblemWriter"/> asked first, and the exception handler.</summary>
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddSingleton<IProblemDetailsWriter, ProblemWriter>();
        services.AddProblemDetails();
        services.AddExceptionHandler<UnhandledErrors>();
        return services;
    }

    /// <summary>Answers exceptions and empty error statuses with problem details.</summary>
    public static void UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(context =>
        {
            HttpContext http = context.HttpContext;
            int status = http.Response.StatusCode;
            if (status == StatusCodes.Status404NotFound && WantsAnotherBody(http) is { } accepted)
                return ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                    $"Send the body as {accepted}; found '{http.Request.ContentType ?? "no Content-Type"}'.").ExecuteAsync(http);
            string detail = status switch
            {
                StatusCodes.Status404NotFound => $"Nothing is served at {http.Request.Path}; see /swagger for the API.",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}; see /swagger for the API.",
                _ => "The request could not be handled as sent.",
            };
            return http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = new ProblemDetails { Status = status, Detail = detail } }).AsTask();
        });
    }

    /// <summary>
    /// The media type an endpoint at the request's path and method takes when routing found none because of the
    /// request's Content-Type, else <c>null</c>. Routing leaves such a request unmatched instead of answering 415 when
    /// the path also fits a route that takes no body: the custom methods <c>/{awardId}:revoke</c> and
    /// <c>/{awardId}:unsuspend</c> are one route parameter to the matcher, and the second accepts any Content-Type until
    /// its literal suffix fails to match.
    /// </summary>
    private static string? WantsAnotherBody(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return null;
        foreach (Endpoint endpoint in http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            if (endpoint is not RouteEndpoint route || endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is not { ContentTypes.Count: > 0 } accepts) continue;
            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { } methods && !methods.HttpMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase)) continue;
            if (Matchers.GetOrAdd(route, r => new TemplateMatcher(new RouteTemplate(r.RoutePattern), [])).TryMatch(http.Request.Path, []))
                return string.Join(" or ", accepts.ContentTypes);
        }
        return null;
    }

    /// <summary>A matcher per route with a request body, made on the first unmatched request that needs it.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<RouteEndpoint, TemplateMatcher> Matchers = new();

    /// <summary>A request Kestrel could not read gets the problem of its status; any other exception is a bug: logged, and a 500.</summary>
    private sealed partial class UnhandledErrors(IProblemDetailsService problems, ILoggerFactory loggers) : IExceptionHandler
    {
        private readonly ILogger log = loggers.CreateLogger("BadgeIssuer.Errors");

        public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            ProblemDetails problem;
            if (exception is BadHttpRequestException bad)
            {
                problem = ApiProblems.Details(bad.StatusCode, ProblemTypes.ForStatus(bad.StatusCode),
                    "The request could not be read: check the URL's parameters, headers and body.");
            }
            else
            {
                LogUnhandled(log, exception, httpContext.Request.Method, httpContext.Request.Path);
                problem = ApiProblems.Details(StatusCodes.Status500InternalServerError, ProblemTypes.InternalError,
                    $"An internal error occurred; it has been logged (trace id {httpContext.TraceIdentifier}).");
            }
            return problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }

        [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
        private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
    }
}
