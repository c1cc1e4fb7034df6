using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BadgeIssuer.Api.OpenApi;

/// <summary>
/// Marks an endpoint that also speaks <c>text/csv</c> (RFC 4180): its request body when <paramref name="Request"/>,
/// else its <c>200</c> answer. <see cref="CsvMediaTypes"/> documents it, since a CSV has no JSON schema to infer.
/// </summary>
public sealed record CsvMedia(bool Request);

/// <summary>Adds the <c>text/csv</c> media type, a string, to the request body or the 200 answer of endpoints marked <see cref="CsvMedia"/>.</summary>
public sealed class CsvMediaTypes : IOperationFilter
{
    private const string MediaType = "text/csv";

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CsvMedia>().FirstOrDefault() is not { } csv) return;
        if (csv.Request)
        {
            if (operation.RequestBody is not OpenApiRequestBody body) return;
            body.Content ??= new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal);
            body.Content[MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "RFC 4180 CSV in UTF-8 (a byte order mark is allowed) with a header row: email, name, achievementId; optionally recipientId, "
                        + "narrative, validUntil, notify; one column per result description key of the achievement; evidence URLs in evidence, evidence2, ...",
                },
            };
        }
        else if (operation.Responses?.TryGetValue("200", out IOpenApiResponse? found) == true && found is OpenApiResponse ok)
        {
            ok.Content ??= new Dictionary<string, IOpenApiMediaType>(StringComparer.Ordinal);
            ok.Content[MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "RFC 4180 CSV in UTF-8 with a header row: row, entry, outcome, awardId, claim, problems (one line per entry; cells that a spreadsheet would run as a formula are prefixed with ')",
                },
            };
        }
    }
}
