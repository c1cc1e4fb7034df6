using BadgeIssuer.Api.Problems;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BadgeIssuer.Api.OpenApi;

/// <summary>
/// The shared convention that documents an endpoint's problem answers in its metadata, where the OpenAPI document
/// derives them from: a scoped route answers 401 and 403 (<see cref="Auth.Caller.RequireScope{TBuilder}"/>), an
/// issuer-scoped one 404 (<see cref="Auth.IssuerScope"/>), a JSON body 400, 413, 415 and 422 (<see cref="AcceptsJson{TRequest}"/>).
/// Every operation also documents <c>4XX</c>: any other client error is an RFC 9457 problem too.
/// </summary>
public static class ProblemResponses
{
    /// <summary>Documents <paramref name="statuses"/> as RFC 9457 problem answers.</summary>
    public static TBuilder WithProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(statuses);
        return builder.WithMetadata([.. statuses.Select(s => new ProducesResponseTypeMetadata(s, typeof(ProblemDetails), [ApiProblems.MediaType]))]);
    }

    /// <summary>
    /// Documents a JSON request body of <typeparamref name="TRequest"/> read by <see cref="JsonBody"/>, and its problems;
    /// <paramref name="optional"/> when the operation also takes no body (<see cref="JsonBody.ReadOptionalAsync{T}"/>).
    /// </summary>
    public static RouteHandlerBuilder AcceptsJson<TRequest>(this RouteHandlerBuilder builder, bool optional = false) where TRequest : notnull =>
        builder.Accepts<TRequest>(optional, "application/json")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity);

    /// <summary>Adds the <c>4XX</c> answer, an RFC 9457 problem, to every operation.</summary>
    public sealed class OtherClientErrors : IOperationFilter
    {
        /// <inheritdoc />
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            ArgumentNullException.ThrowIfNull(operation);
            ArgumentNullException.ThrowIfNull(context);
            IOpenApiSchema schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            operation.Responses ??= [];
            operation.Responses["4XX"] = new OpenApiResponse
            {
                Description = "Any other client error, as an RFC 9457 problem whose type names it",
                Content = new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal) { [ApiProblems.MediaType] = new OpenApiMediaType { Schema = schema } },
            };
        }
    }
}
