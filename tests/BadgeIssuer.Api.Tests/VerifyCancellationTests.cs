using System.Diagnostics;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Credentials.Tests.Verification;
using BadgeIssuer.Credentials.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BadgeIssuer.Api.Tests;

/// <summary>Issue 11: a client's disconnect and the service's shutdown stop a verification in progress.</summary>
public sealed class VerifyCancellationTests
{
    private static readonly VerificationInput Heavy = new(HostileCredentials.Credential(3_000, 8), null, null, VerifyOptions.Default);

    [Fact]
    public async Task A_client_that_disconnects_stops_its_verification_promptly()
    {
        using ApiFactory api = new();
        using CancellationTokenSource aborted = new(TimeSpan.FromMilliseconds(200));
        DefaultHttpContext http = new() { RequestServices = api.Services, RequestAborted = aborted.Token };
        Stopwatch clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Heavy.RunAsync(api.Services.GetRequiredService<CredentialVerifier>(), http));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Shutting_down_stops_a_verification_and_leaves_no_report()
    {
        using ApiFactory api = new();
        CredentialVerifier verifier = api.Services.GetRequiredService<CredentialVerifier>();
        DefaultHttpContext http = new() { RequestServices = api.Services };
        Stopwatch clock = Stopwatch.StartNew();

        Task<VerificationReport?> running = Task.Run(() => Heavy.RunAsync(verifier, http));
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        api.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        Assert.Null(await running);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }
}
