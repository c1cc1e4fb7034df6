using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace BadgeIssuer.Api.OpenApi;

/// <summary>
/// OpenAPI at <c>/swagger/v1/swagger.json</c> and Swagger UI at <c>/swagger</c>, with the samples as request examples.
/// Responses are derived from the handlers' typed results and the problem convention of <see cref="ProblemResponses"/>;
/// <see cref="DocumentInfo"/> adds the server, the tag descriptions and the license.
/// </summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddBadgeIssuerOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "BadgeIssuer",
                Version = "v1",
                Description = "Issue and verify Open Badges 3.0 credentials. Issuing and admin routes take 'Authorization: Bearer <API key>'; public documents and /api/v1/verify need none.",
                License = new OpenApiLicense { Name = "MIT", Url = new Uri("https://spdx.org/licenses/MIT.html") },
            });
            swagger.AddSecurityDefinition("ApiKey", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from POST /api/v1/clients (or the bootstrap admin key).",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
            foreach (Assembly documented in new[] { Assembly.GetExecutingAssembly(), typeof(Core.Achievements.AchievementDraft).Assembly })
            {
                string xml = Path.Combine(AppContext.BaseDirectory, $"{documented.GetName().Name}.xml");
                if (File.Exists(xml)) swagger.IncludeXmlComments(xml);
            }
            Func<Type, string> schemaIds = swagger.SchemaGeneratorOptions.SchemaIdSelector;
            swagger.CustomSchemaIds(type => WireSchemaNames.Of(type, schemaIds));
            swagger.OperationFilter<SampleRequestExamples>();
            swagger.OperationFilter<ProblemResponses.OtherClientErrors>();
            swagger.OperationFilter<CsvMediaTypes>();
            swagger.DocumentFilter<DocumentInfo>();
            swagger.MapType<Awards.RawJson>(() => new OpenApiSchema { Type = JsonSchemaType.Object, Description = "The signed OpenBadgeCredential, exactly as signed." });
        });
        return services;
    }

    public static void UseBadgeIssuerOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(ui => ui.DocumentTitle = "BadgeIssuer API");
    }
}

/// <summary>Attaches the request bodies from <c>samples/requests/</c> (embedded) as examples of the operations that take them.</summary>
public sealed class SampleRequestExamples : IOperationFilter
{
    private static readonly Dictionary<string, string> SampleByOperation = new(StringComparer.Ordinal)
    {
        ["CreateIssuer"] = "issuer.json",
        ["ReplaceIssuer"] = "issuer.json",
        ["CreateAchievement"] = "achievement.json",
        ["ReplaceAchievement"] = "achievement.json",
        ["IssueAward"] = "award-met.json",
        ["CreateClient"] = "client.json",
    };

    /// <inheritdoc />
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.OperationId is null || !SampleByOperation.TryGetValue(operation.OperationId, out string? file)) return;
        if (operation.RequestBody?.Content is not { } content
            || !content.TryGetValue("application/json", out IOpenApiMediaType? found) || found is not OpenApiMediaType media) return;
        using Stream? stream = typeof(SampleRequestExamples).Assembly.GetManifestResourceStream("samples/requests/" + file);
        if (stream is null) return;
        media.Example = JsonNode.Parse(stream);
    }
}
