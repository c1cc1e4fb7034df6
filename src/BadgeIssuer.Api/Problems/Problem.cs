using System.Text.Json.Serialization;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace BadgeIssuer.Api.Problems;

/// <summary>One field-level problem: where (a JSON Pointer), what, and for criteria, which rule code.</summary>
public sealed record ProblemError(
    [property: JsonPropertyName("pointer")] string Pointer,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null);

/// <summary>
/// Builds the service's problem responses. The <c>type</c> holds one of the stable names of <see cref="ProblemTypes"/>;
/// <see cref="ProblemWriter"/>, the writer of <see cref="IProblemDetailsService"/>, turns it into its URL and title.
/// </summary>
public static class ApiProblems
{
    /// <summary>The media type of every problem response.</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>The extension that holds field-level problems.</summary>
    public const string ErrorsExtension = "errors";

    /// <summary>A problem response of <paramref name="status"/> with the stable <paramref name="type"/>.</summary>
    public static ProblemHttpResult Result(int status, string type, string? detail, IReadOnlyList<ProblemError>? errors = null) =>
        TypedResults.Problem(Details(status, type, detail, errors));

    /// <summary>A problem body of <paramref name="status"/> with the stable <paramref name="type"/>.</summary>
    public static ProblemDetails Details(int status, string type, string? detail, IReadOnlyList<ProblemError>? errors = null)
    {
        ProblemDetails problem = new() { Status = status, Type = type, Detail = detail };
        if (errors is { Count: > 0 }) problem.Extensions[ErrorsExtension] = errors;
        return problem;
    }

    /// <summary>
    /// 422 with field errors: the body is readable JSON of the expected shape, but values in it are refused (RFC 9110
    /// §15.5.21) — a malformed IRI, a date in the future, a string too long.
    /// </summary>
    public static ProblemHttpResult Invalid(IReadOnlyList<FieldError> errors) => FieldProblem(StatusCodes.Status422UnprocessableEntity, errors);

    /// <summary>
    /// 400 with field errors: the request cannot be read as the operation expects it — a body of the wrong JSON shape or
    /// types, or a query parameter it cannot parse (RFC 9110 §15.5.1).
    /// </summary>
    public static ProblemHttpResult Unreadable(IReadOnlyList<FieldError> errors) => FieldProblem(StatusCodes.Status400BadRequest, errors);

    private static ProblemHttpResult FieldProblem(int status, IReadOnlyList<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Result(status, ProblemTypes.InvalidField,
            errors.Count == 1 ? $"{(errors[0].Pointer.Length == 0 ? "The body" : errors[0].Pointer)} {errors[0].Detail}" : $"{errors.Count} fields are invalid; see errors.",
            [.. errors.Select(e => new ProblemError(e.Pointer, e.Detail))]);
    }

    /// <summary>404 for an issuer the caller does not see: unknown, or another issuer's.</summary>
    public static ProblemHttpResult UnknownIssuer(string issuerId) =>
        Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"There is no issuer '{Check.Shorten(issuerId)}'.");
}
