using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Net.Sockets;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// The built service as a real process, <c>dotnet BadgeIssuer.Api.dll</c> from the tests' output directory (no
/// WebApplicationFactory), with the settings given as environment variables and arguments (the address comes from
/// them alone, never from the test runner's own ASP.NET Core variables); started when it answers
/// <c>/health</c> at the URL the caller expects it on.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    /// <summary>A loopback port nothing listens on at the time of the call.</summary>
    public static int FreePort()
    {
        using TcpListener probe = new(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>
    /// Starts the service with <paramref name="environment"/> and <paramref name="arguments"/> and waits, up to 60
    /// seconds, until <c>GET {url}/health</c> succeeds; throws when it does not, or when the process exits first.
    /// </summary>
    public static async Task<ServiceProcess> StartAsync(string url, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ProcessStartInfo start = new("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "BadgeIssuer.Api.dll"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_HTTP_PORTS");
        foreach ((string name, string value) in environment) start.Environment[name] = value;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        ServiceProcess service = new(Process.Start(start)!);
        service._process.OutputDataReceived += (_, _) => { };
        service._process.ErrorDataReceived += (_, _) => { };
        service._process.BeginOutputReadLine();
        service._process.BeginErrorReadLine();
        try
        {
            await service.WaitForHealthAsync(url);
        }
        catch
        {
            service.Dispose();
            throw;
        }
        return service;
    }

    /// <summary>Kills the process (SIGKILL, no graceful shutdown) and waits for it to exit.</summary>
    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private async Task WaitForHealthAsync(string url)
    {
        using HttpClient probe = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(60); ; await Task.Delay(200))
        {
            try
            {
                if ((await probe.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline || _process.HasExited) throw new InvalidOperationException($"The service did not answer at {url}/health.");
        }
    }
}

/// <summary>
/// The service as a real process over a data directory of its own, which can be killed (SIGKILL) and started again
/// over the same data, as after a crash. Disposing kills it and deletes the data.
/// </summary>
internal sealed class CrashableService(IReadOnlyDictionary<string, string> settings) : IDisposable
{
    public const string AdminKey = "bi_crash-test-admin-key-0123456789abcdefghijkl";
    private const string KeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "badgeissuer-crash-" + Guid.NewGuid().ToString("N"));
    private ServiceProcess? _service;

    /// <summary>Where the service listens, the same for every start.</summary>
    public string Url { get; } = $"http://127.0.0.1:{ServiceProcess.FreePort()}";

    /// <summary>Starts the service over the data directory, with <c>BadgeIssuer__...</c> <paramref name="settings"/> on top of the required ones.</summary>
    public async Task StartAsync()
    {
        Dictionary<string, string> environment = new()
        {
            ["BadgeIssuer__DataDirectory"] = _data,
            ["BadgeIssuer__AdminApiKey"] = AdminKey,
            ["BadgeIssuer__KeyEncryptionKey"] = KeyEncryptionKey,
            ["BadgeIssuer__PublicBaseUrl"] = Url,
        };
        foreach ((string name, string value) in settings) environment[name] = value;
        _service = await ServiceProcess.StartAsync(Url, environment, "--urls", Url);
    }

    /// <summary>Kills the process (SIGKILL): nothing is flushed or stopped gracefully.</summary>
    public void Kill()
    {
        _service?.Dispose();
        _service = null;
    }

    /// <summary>A client of the service that sends <paramref name="key"/> as its bearer token.</summary>
    public HttpClient Client(string key)
    {
        HttpClient client = new() { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>An issuer created by the administrator and an API key with every issuer scope for it.</summary>
    public async Task<(string IssuerId, string ApiKey)> IssuerAsync()
    {
        using HttpClient admin = Client(AdminKey);
        string issuerId = (await (await admin.PostAsync("/api/v1/issuers", Journey.Json(Journey.Sample("requests/issuer.json")))).ReadObjectAsync())["id"]!.GetValue<string>();
        string key = (await (await admin.PostAsJsonAsync("/api/v1/clients", new { issuerId, scopes = ApiFactory.IssuerScopes, name = "crash" })).ReadObjectAsync())["apiKey"]!.GetValue<string>();
        return (issuerId, key);
    }

    public void Dispose()
    {
        Kill();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }
}
