// DESIGN §4: the verifier fetches only from allow-listed hosts, never follows a redirect, and bounds every fetch in time.
using BadgeIssuer.Credentials.Presentations;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>Registers the verifier and what it needs from this library.</summary>
public static class VerificationServices
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Registers <see cref="EddsaDataIntegrity"/>, <see cref="DidAuthentication"/>, <see cref="RemoteDocuments"/> over the <see cref="IHttpClientFactory"/>
    /// client <see cref="RemoteDocuments.HttpClientName"/>, and <see cref="CredentialVerifier"/>. The caller registers an
    /// <see cref="ITrustedKeySource"/>; <see cref="IHostedDocuments"/>, a <see cref="RemoteDocumentOptions"/> and a
    /// <see cref="VerificationLimits"/> registered by the caller are used, otherwise nothing is hosted,
    /// <see cref="RemoteDocumentOptions.None"/> and <see cref="VerificationLimits.Default"/>.
    /// </summary>
    public static IServiceCollection AddCredentialVerification(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RemoteDocumentOptions.None);
        services.TryAddSingleton(VerificationLimits.Default);
        services.TryAddSingleton(_ => new EddsaDataIntegrity());
        services.TryAddSingleton(sp => new DidAuthentication(sp.GetRequiredService<EddsaDataIntegrity>()));
        // The client lives as long as RemoteDocuments, a singleton, so the factory keeps its handler for good.
        services.AddHttpClient(RemoteDocuments.HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = FetchTimeout)
            .UseSocketsHttpHandler((handler, _) =>
            {
                handler.AllowAutoRedirect = false;
                handler.ConnectTimeout = ConnectTimeout;
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.TryAddSingleton(sp => new RemoteDocuments(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(RemoteDocuments.HttpClientName),
            sp.GetRequiredService<RemoteDocumentOptions>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new CredentialVerifier(
            sp.GetRequiredService<ITrustedKeySource>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<RemoteDocuments>(),
            sp.GetService<IHostedDocuments>(),
            sp.GetRequiredService<VerificationLimits>()));
        return services;
    }
}
