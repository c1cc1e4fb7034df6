// OpenTelemetry for .NET: traces of ASP.NET Core, HttpClient and the service's own "BadgeIssuer" source; metrics of the
// "BadgeIssuer" meter, ASP.NET Core (http.server.request.duration) and HttpClient. OTLP export follows the standard
// OTEL_EXPORTER_OTLP_* variables and is on only when OTEL_EXPORTER_OTLP_ENDPOINT is set. Health: ASP.NET Core health
// checks, /health/live (the process answers) and /health/ready (the store answers, the background workers run).
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BadgeIssuer.Api.Hosting;

/// <summary>Traces, metrics and health probes of the service.</summary>
public static class Observability
{
    /// <summary>The standard variable whose presence turns on export by OTLP.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The Prometheus scrape path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The liveness probe: 200 while the process answers.</summary>
    public const string LivePath = "/health/live";

    /// <summary>The readiness probe: 200 when the store answers and the background workers run, else 503.</summary>
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    /// <summary>
    /// Registers OpenTelemetry (traces and metrics; OTLP when <see cref="OtlpEndpointVariable"/> is set, Prometheus
    /// unless <c>BadgeIssuer:Metrics:Prometheus</c> is false) and the readiness checks.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration)
    {
        MetricsSettings metrics = Metrics(configuration);
        OpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(BadgeIssuerTelemetry.Name))
            .WithMetrics(meters =>
            {
                meters.AddMeter(BadgeIssuerTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                // Scrapes come seconds apart; an uncached answer shows every count as it is at the scrape.
                if (metrics.Prometheus) meters.AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        // Spans are recorded only when they go somewhere: without OTLP no listener is registered, so ASP.NET Core and
        // HttpClient build no activity per request.
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource(BadgeIssuerTelemetry.Name)
                    .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.EnrichWithHttpResponse = HideSecretInPath)
                    .AddHttpClientInstrumentation())
                .UseOtlpExporter();

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<WorkersHealthCheck>("workers", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// Maps the probes and, when on, <c>GET /metrics</c> (only on <c>BadgeIssuer:Metrics:Port</c> when that is set).
    /// They are operational endpoints, left out of the OpenAPI document.
    /// </summary>
    public static void MapObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false }).ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) }).ExcludeFromDescription();
        MetricsSettings metrics = Metrics(app.Configuration);
        if (!metrics.Prometheus) return;
        IEndpointConventionBuilder scrape = app.MapPrometheusScrapingEndpoint(MetricsPath).ExcludeFromDescription();
        if (metrics.Port is { } port) scrape.RequireHost($"*:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// A request span of a route whose path holds a secret (<see cref="SecretInPath"/>: a claim token, an exchange's
    /// capability id) records the route template as its <c>url.path</c> instead of the path, so the secret never reaches
    /// a trace backend.
    /// </summary>
    private static void HideSecretInPath(System.Diagnostics.Activity activity, HttpResponse response)
    {
        if (response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } endpoint && endpoint.Metadata.GetMetadata<SecretInPath>() is not null)
            activity.SetTag("url.path", template);
    }

    private static MetricsSettings Metrics(IConfiguration configuration) =>
        configuration.GetSection(BadgeIssuerOptions.SectionName).GetSection(nameof(BadgeIssuerOptions.Metrics)).Get<MetricsSettings>() ?? new MetricsSettings();
}

/// <summary>Ready when the store answers a round trip (<see cref="IStoreHealth"/>).</summary>
public sealed class StoreHealthCheck(IStoreHealth store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"The {store.Name} store answers.")
            : HealthCheckResult.Unhealthy($"The {store.Name} store cannot be reached.");
}

/// <summary>Ready when every background worker (batches, outbox events, webhook deliveries) is running.</summary>
public sealed class WorkersHealthCheck(IEnumerable<IHostedService> hosted) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        string[] stopped = [.. hosted.OfType<PollingWorker>().Where(worker => worker.ExecuteTask is null or { IsCompleted: true }).Select(worker => worker.GetType().Name)];
        return Task.FromResult(stopped.Length == 0
            ? HealthCheckResult.Healthy("The background workers run.")
            : HealthCheckResult.Unhealthy($"Not running: {string.Join(", ", stopped)}."));
    }
}

/// <summary>
/// Endpoint metadata of a route whose path holds a secret (a claim token, a capability id): its traces show the route
/// template, never the path (see <see cref="Observability"/>). Add it with <see cref="SecretInPathExtensions.HasSecretInPath{TBuilder}"/>.
/// </summary>
public sealed class SecretInPath
{
    /// <summary>The one instance.</summary>
    public static readonly SecretInPath Instance = new();

    private SecretInPath()
    {
    }
}

/// <summary>Marks routes with <see cref="SecretInPath"/>.</summary>
public static class SecretInPathExtensions
{
    /// <summary>The route's path holds a secret: traces record its template instead.</summary>
    public static TBuilder HasSecretInPath<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(SecretInPath.Instance);
}

