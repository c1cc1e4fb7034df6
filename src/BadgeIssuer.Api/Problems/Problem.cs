using System.Text.Json.Serialization;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Api.Problems;

/// <summary>An RFC 9457 problem details body, with field errors in the <c>errors</c> extension.</summary>
public sealed record ProblemBody(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("instance")] string? Instance,
    [property: JsonPropertyName("errors")] IReadOnlyList<ProblemError>? Errors);

/// <summary>One field-level problem: where (a JSON Pointer), what, and for criteria, which rule code.</summary>
public sealed record ProblemError(
    [property: JsonPropertyName("pointer")] string Pointer,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null);

/// <summary>Builds problem responses with the service's stable type URLs.</summary>
public sealed class Problems(BadgeIssuerOptions options)
{
    /// <summary>The media type of every problem response.</summary>
    public const string MediaType = "application/problem+json";

    /// <summary>A problem response.</summary>
    public IResult Result(int status, string type, string? detail, IReadOnlyList<ProblemError>? errors = null, string? instance = null) =>
        Results.Json(Body(status, type, detail, errors, instance), statusCode: status, contentType: MediaType);

    /// <summary>A problem body.</summary>
    public ProblemBody Body(int status, string type, string? detail, IReadOnlyList<ProblemError>? errors = null, string? instance = null) =>
        new($"{options.BaseUrl}/problems/{type}", ProblemTypes.Title(type), status, detail, instance, errors is { Count: > 0 } ? errors : null);

    /// <summary>400 with field errors.</summary>
    public IResult Invalid(IReadOnlyList<FieldError> errors) =>
        Result(StatusCodes.Status400BadRequest, ProblemTypes.InvalidField,
            errors.Count == 1 ? $"{errors[0].Pointer} {errors[0].Detail}" : $"{errors.Count} fields are invalid; see errors.",
            [.. errors.Select(e => new ProblemError(e.Pointer, e.Detail))]);
}
