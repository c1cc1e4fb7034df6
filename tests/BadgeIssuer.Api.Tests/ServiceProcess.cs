using System.Diagnostics;
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
