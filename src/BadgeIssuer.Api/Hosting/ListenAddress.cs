namespace BadgeIssuer.Api.Hosting;

/// <summary>
/// Where the service listens: wherever ASP.NET Core's own settings say (<c>urls</c>: <c>ASPNETCORE_URLS</c>,
/// <c>--urls</c>; <c>http_ports</c>/<c>https_ports</c>: <c>ASPNETCORE_HTTP_PORTS</c>, set to 8080 by the container
/// image; <c>Kestrel:Endpoints</c>), and on <see cref="DefaultUrl"/>, the default public base URL, when none is set.
/// The default is not a launch profile's <c>applicationUrl</c>, because <c>dotnet run</c> writes that into
/// <c>ASPNETCORE_URLS</c> over the caller's own value.
/// </summary>
public static class ListenAddress
{
    /// <summary>The address when no setting names one.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Listens on <see cref="DefaultUrl"/> unless a standard ASP.NET Core setting names an address.</summary>
    public static WebApplicationBuilder UseDefaultListenAddress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        IConfiguration configuration = builder.Configuration;
        bool named = new[] { WebHostDefaults.ServerUrlsKey, WebHostDefaults.HttpPortsKey, WebHostDefaults.HttpsPortsKey }
                .Any(key => !string.IsNullOrWhiteSpace(configuration[key]))
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!named) builder.WebHost.UseUrls(DefaultUrl);
        return builder;
    }
}
