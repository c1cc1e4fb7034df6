using System.Net;
using BadgeIssuer.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The service listens where the standard ASP.NET Core settings say (<c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c>, <c>--urls</c>): nothing in its own configuration overrides them, and without any it
/// takes its default address. The settings' cases start the built service as a real process.
/// </summary>
public sealed class HostingTests : IDisposable
{
    private const string KeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "badgeissuer-hosting-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public void Without_an_address_setting_the_service_listens_on_the_default_url()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });

        builder.UseDefaultListenAddress();

        Assert.Equal(ListenAddress.DefaultUrl, builder.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Theory]
    [InlineData("--urls=http://127.0.0.1:9000", "urls")]
    [InlineData("--http_ports=9000", "http_ports")]
    [InlineData("--https_ports=9443", "https_ports")]
    [InlineData("--Kestrel:Endpoints:Http:Url=http://127.0.0.1:9000", "Kestrel:Endpoints:Http:Url")]
    public void An_address_setting_is_left_as_it_is(string argument, string key)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [argument] });
        string? given = builder.Configuration[key];

        builder.UseDefaultListenAddress();

        Assert.Equal(given, builder.Configuration[key]);
        Assert.NotEqual(ListenAddress.DefaultUrl, builder.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPNETCORE_HTTP_PORTS")]
    [InlineData("--urls")]
    public async Task The_service_listens_on_the_address_the_standard_setting_names(string setting)
    {
        int port = ServiceProcess.FreePort();
        string url = $"http://127.0.0.1:{port}";
        Dictionary<string, string> environment = new()
        {
            ["BadgeIssuer__DataDirectory"] = _data,
            ["BadgeIssuer__KeyEncryptionKey"] = KeyEncryptionKey,
            ["BadgeIssuer__PublicBaseUrl"] = url,
        };
        string[] arguments = [];
        switch (setting)
        {
            case "ASPNETCORE_URLS": environment[setting] = url; break;
            case "ASPNETCORE_HTTP_PORTS": environment[setting] = port.ToString(System.Globalization.CultureInfo.InvariantCulture); break;
            default: arguments = [setting, url]; break;
        }

        using ServiceProcess service = await ServiceProcess.StartAsync(url, environment, arguments);
        using HttpClient client = new() { BaseAddress = new Uri(url) };
        using HttpResponseMessage health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
