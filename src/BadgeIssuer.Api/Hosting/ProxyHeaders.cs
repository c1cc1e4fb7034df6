// Behind a reverse proxy that ends TLS, the client's address and scheme arrive in X-Forwarded-For and X-Forwarded-Proto
// (ASP.NET Core's ForwardedHeadersMiddleware). They are believed only from the proxies configured here (and loopback,
// ASP.NET Core's default): a header from any other peer is ignored, so a client cannot pick the address that the
// per-address limits (failed authentication, verification) and the authentication log see.
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace BadgeIssuer.Api.Hosting;

/// <summary>
/// The <c>BadgeIssuer:ForwardedHeaders</c> section (environment:
/// <c>BadgeIssuer__ForwardedHeaders__TrustedProxies__0=10.0.0.0/8</c>, ...).
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BadgeIssuer:ForwardedHeaders";

    /// <summary>
    /// Addresses (<c>192.0.2.10</c>) or networks in CIDR notation (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of the reverse
    /// proxies whose forwarded headers are believed, besides loopback.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>Reads the trusted proxies into ASP.NET Core's <see cref="ForwardedHeadersOptions"/>, and checks them at start.</summary>
public static class ProxyHeaders
{
    /// <summary>
    /// Registers the settings, their check at start (an entry that is no address or network stops the start with a line
    /// naming it), and the forwarded-headers options built from them. Proxies in a chain that are all trusted are
    /// walked back to the first address that is not (no fixed forward limit).
    /// </summary>
    public static IServiceCollection AddForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersSettings>()
            .BindConfiguration(ForwardedHeadersSettings.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, SettingsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = null;
            foreach (string entry in settings.Value.TrustedProxies)
            {
                switch (Parse(entry))
                {
                    case IPAddress address: options.KnownProxies.Add(address); break;
                    case IPNetwork network: options.KnownIPNetworks.Add(network); break;
                }
            }
        });
        return services;
    }

    /// <summary>An <see cref="IPAddress"/>, an <see cref="IPNetwork"/>, or <c>null</c> when the entry is neither.</summary>
    private static object? Parse(string entry) =>
        entry.Contains('/', StringComparison.Ordinal)
            ? IPNetwork.TryParse(entry, out IPNetwork network) ? network : null
            : IPAddress.TryParse(entry, out IPAddress? address) ? address : null;

    /// <summary>Names each entry of <see cref="ForwardedHeadersSettings.TrustedProxies"/> that is no address or network.</summary>
    private sealed class SettingsValidator : IValidateOptions<ForwardedHeadersSettings>
    {
        public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
        {
            List<string> failures = [.. options.TrustedProxies.Where(entry => Parse(entry) is null)
                .Select(entry => $"{ForwardedHeadersSettings.SectionName}:TrustedProxies must hold IP addresses or CIDR networks (e.g. 10.0.0.0/8); found '{entry}'.")];
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
