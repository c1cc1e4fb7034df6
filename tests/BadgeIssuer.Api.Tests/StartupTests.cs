using System.Net;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Credentials.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Api.Tests;

/// <summary>Settings are checked at start, and outbound HTTP goes through the clients IHttpClientFactory configures.</summary>
public sealed class StartupTests
{
    public static TheoryData<string, string, string> WrongSettings => new()
    {
        { "BadgeIssuer:PublicBaseUrl", "badges.test", "BadgeIssuer:PublicBaseUrl must be an absolute http(s) URL; found 'badges.test'." },
        { "BadgeIssuer:PublicBaseUrl", "ftp://badges.test", "BadgeIssuer:PublicBaseUrl must be an absolute http(s) URL; found 'ftp://badges.test'." },
        { "BadgeIssuer:Verification:TimeoutSeconds", "0", "BadgeIssuer:Verification:TimeoutSeconds must be between 1 and 300; found 0." },
        { "BadgeIssuer:Verification:TimeoutSeconds", "301", "BadgeIssuer:Verification:TimeoutSeconds must be between 1 and 300; found 301." },
        { "BadgeIssuer:Storage", "MongoDb", "BadgeIssuer:Storage is MongoDb but ConnectionStrings:MongoDb (env ConnectionStrings__MongoDb) is not set." },
        { "BadgeIssuer:KeyEncryptionKey", "c2hvcnQ=", "BadgeIssuer:KeyEncryptionKey must be 32 bytes; it is 5." },
        { "BadgeIssuer:KeyEncryptionKey", "not base64!", "BadgeIssuer:KeyEncryptionKey must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)." },
        { "BadgeIssuer:Batches:LeaseSeconds", "0", "BadgeIssuer:Batches:LeaseSeconds must be at least 1; found 0." },
        { "BadgeIssuer:MongoDb:WriteTimeoutSeconds", "0", "BadgeIssuer:MongoDb:WriteTimeoutSeconds must be between 1 and 300; found 0." },
        { "BadgeIssuer:MongoDb:WriteTimeoutSeconds", "301", "BadgeIssuer:MongoDb:WriteTimeoutSeconds must be between 1 and 300; found 301." },
        { "BadgeIssuer:Webhooks:MaxAttempts", "-1", "BadgeIssuer:Webhooks:MaxAttempts must be at least 1; found -1." },
        { "BadgeIssuer:Batches:MaxLeaseFailures", "0", "BadgeIssuer:Batches:MaxLeaseFailures must be at least 1; found 0." },
        { "BadgeIssuer:Batches:SliceEntries", "0", "BadgeIssuer:Batches:SliceEntries must be at least 1; found 0." },
        { "BadgeIssuer:Webhooks:Parallelism", "0", "BadgeIssuer:Webhooks:Parallelism must be at least 1; found 0." },
        { "BadgeIssuer:Webhooks:PerEndpointLimit", "0", "BadgeIssuer:Webhooks:PerEndpointLimit must be at least 1; found 0." },
        { "BadgeIssuer:Webhooks:MaxLeaseFailures", "0", "BadgeIssuer:Webhooks:MaxLeaseFailures must be at least 1; found 0." },
        { "BadgeIssuer:RateLimiting:VerifyConcurrency", "0", "BadgeIssuer:RateLimiting:VerifyConcurrency must be at least 1; found 0." },
        { "BadgeIssuer:RateLimiting:AuthFailuresPerMinute", "0", "BadgeIssuer:RateLimiting:AuthFailuresPerMinute must be at least 1; found 0." },
        { "BadgeIssuer:AdminApiKey", "change-me", "BadgeIssuer:AdminApiKey must be at least 32 characters (e.g. `openssl rand -hex 32`); it has 9." },
        { "BadgeIssuer:AdminApiKey", "0123456789abcdef0123456789abcde", "BadgeIssuer:AdminApiKey must be at least 32 characters (e.g. `openssl rand -hex 32`); it has 31." },
    };

    [Theory, MemberData(nameof(WrongSettings))]
    public void A_wrong_setting_stops_the_start_with_one_line_naming_it(string setting, string value, string expected)
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { [setting] = value });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal(expected, refused.Message);
    }

    [Fact]
    public void Every_wrong_setting_is_named_on_the_one_line()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["BadgeIssuer:PublicBaseUrl"] = "badges.test",
            ["BadgeIssuer:Webhooks:FirstRetrySeconds"] = "0",
        });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal("BadgeIssuer:PublicBaseUrl must be an absolute http(s) URL; found 'badges.test'.; "
            + "BadgeIssuer:Webhooks:FirstRetrySeconds must be at least 1; found 0.", refused.Message);
    }

    [Fact]
    public void Production_without_a_key_encryption_key_stops_the_start_with_one_line()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["environment"] = "Production", ["BadgeIssuer:KeyEncryptionKey"] = "" });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal(Core.Configuration.BadgeIssuerOptionsValidator.KeyEncryptionKeyRequired, refused.Message);
        Assert.False(File.Exists(Path.Combine(api.DataDirectory, Core.Keys.KeyEncryptionKeySource.FileName)));
    }

    [Fact]
    public void A_key_encryption_key_file_inside_the_data_directory_stops_the_start()
    {
        string data = Path.Combine(Path.GetTempPath(), "badgeissuer-api-" + Guid.NewGuid().ToString("N"));
        string file = Path.Combine(data, "kek");
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["environment"] = "Production",
            ["BadgeIssuer:DataDirectory"] = data,
            ["BadgeIssuer:KeyEncryptionKey"] = "",
            ["BadgeIssuer:KeyEncryptionKeyFile"] = file,
        });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal($"BadgeIssuer:KeyEncryptionKeyFile must lie outside the data directory ({data}{Path.DirectorySeparatorChar}), so that a copy of the data does not carry the key that opens it; found {file}.", refused.Message);
    }

    [Fact]
    public async Task Production_starts_with_a_key_encryption_key_file_and_generates_none()
    {
        string file = Path.Combine(Path.GetTempPath(), "badgeissuer-kek-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=");
        try
        {
            using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
            {
                ["environment"] = "Production",
                ["BadgeIssuer:KeyEncryptionKey"] = "",
                ["BadgeIssuer:KeyEncryptionKeyFile"] = file,
            });

            using HttpResponseMessage created = await api.Admin().PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")));

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(Core.Keys.KeyEncryption.Fingerprint(Convert.FromBase64String(await File.ReadAllTextAsync(file))),
                api.Services.GetRequiredService<Core.Keys.KeyEncryption>().KeyId);
            Assert.False(File.Exists(Path.Combine(api.DataDirectory, Core.Keys.KeyEncryptionKeySource.FileName)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Development_generates_a_key_encryption_key_and_every_data_file_is_the_owners_alone()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["environment"] = "Development", ["BadgeIssuer:KeyEncryptionKey"] = "" });

        using HttpResponseMessage created = await api.Admin().PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string[] files = [.. new[] { Core.Keys.KeyEncryptionKeySource.FileName, "badgeissuer.db", "badgeissuer.db-wal", "badgeissuer.db-shm" }.Select(f => Path.Combine(api.DataDirectory, f))];
        Assert.All(files, f => Assert.True(File.Exists(f), f));
        if (OperatingSystem.IsWindows()) return;
        foreach (string file in files) Assert.Equal(Core.Configuration.PrivateFiles.FileMode, File.GetUnixFileMode(file));
        Assert.Equal(Core.Configuration.PrivateFiles.DirectoryMode, File.GetUnixFileMode(api.DataDirectory));
    }

    [Fact]
    public void An_unknown_store_stops_the_start_with_the_setting_named()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Storage"] = "Postgres" });

        InvalidOperationException refused = Assert.Throws<InvalidOperationException>(() => api.CreateClient());

        Assert.Contains("'Postgres' at 'BadgeIssuer:Storage'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_name_binds_in_any_case()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Storage"] = "sqlite" });

        Assert.Equal(Core.Configuration.StorageKind.Sqlite, api.Services.GetRequiredService<Core.Configuration.BadgeIssuerOptions>().Storage);
    }

    [Fact]
    public async Task The_remote_document_client_comes_from_the_factory_and_does_not_follow_redirects()
    {
        using ApiFactory api = new();

        await AssertRedirectsAreNotFollowedAsync(api, RemoteDocuments.HttpClientName);
    }

    [Fact]
    public async Task The_webhook_client_refuses_loopback_when_it_connects()
    {
        using ApiFactory api = new();
        using Receiver receiver = new(HttpStatusCode.OK);
        using HttpClient http = api.Services.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookHttp.ClientName);

        HttpRequestException refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(receiver.Url)));

        Assert.Contains("resolves only to loopback, private or link-local addresses", refused.ToString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task The_webhook_client_reaches_private_networks_when_allowed_and_does_not_follow_redirects()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Webhooks:AllowPrivateNetworks"] = "true" });

        await AssertRedirectsAreNotFollowedAsync(api, WebhookHttp.ClientName);
    }

    /// <summary>The named client answers a redirect with the redirect itself, one request made, within 10 seconds.</summary>
    private static async Task AssertRedirectsAreNotFollowedAsync(ApiFactory api, string clientName)
    {
        using Receiver redirecting = new(HttpStatusCode.Found, location: "moved");
        using HttpClient http = api.Services.GetRequiredService<IHttpClientFactory>().CreateClient(clientName);

        using HttpResponseMessage response = await http.GetAsync(new Uri(redirecting.Url));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Single(redirecting.Received);
        Assert.Equal(TimeSpan.FromSeconds(10), http.Timeout);
    }
}
