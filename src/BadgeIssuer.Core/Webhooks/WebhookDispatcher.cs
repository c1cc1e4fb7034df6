// Webhook deliveries under leases: claim the delivery due soonest, POST it signed, and record the outcome; failures
// wait 10 s, 20 s, 40 s ... (at most an hour) and are dead-lettered after the last attempt. The signature header is
// "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>", so receivers can check the sender and the age.
// Several workers send at once (WebhookOptions.Parallelism), at most PerEndpointLimit to one webhook: a claim passes
// over the webhooks at their limit, so a slow receiver delays only itself.
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Webhooks;

/// <summary>Sends queued webhook deliveries.</summary>
public sealed class WebhookDispatcher(IWebhookStore store, ILeasedJobs<WebhookDelivery> deliveries, KeyEncryption encryption, HttpClient http, WebhookOptions options, BadgeIssuerTelemetry telemetry,
    ILogger<WebhookDispatcher> logger, TimeProvider time)
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "BadgeIssuer-Signature";

    private static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    /// <summary>Deliveries being sent by this process, per webhook.</summary>
    private readonly Dictionary<string, int> _sending = new(StringComparer.Ordinal);

    /// <summary>This process's worker name, as lease owner.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Ids.New()}";

    /// <summary>The signature header's value for <paramref name="body"/> sent at <paramref name="unixSeconds"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, long unixSeconds, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        string t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{t}.{body}")))}";
    }

    /// <summary>
    /// Attempts the delivery due soonest of the webhooks with fewer than <see cref="WebhookOptions.PerEndpointLimit"/>
    /// deliveries in flight here; <c>false</c> when none is due. One claimed as another worker filled its webhook's
    /// last place is handed back as it was, no attempt counted.
    /// </summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset now = time.GetUtcNow();
        if (await deliveries.ClaimNextAsync(Owner, now, now + options.Lease, options.MaxLeaseFailures, BusyWebhooks(), cancellationToken) is not { } delivery) return false;
        if (!TryStartSending(delivery.SubscriptionId))
        {
            await deliveries.ReleaseAsync(delivery.Id, Owner, delivery.NextAttemptAt, cancellationToken);
            return true;
        }
        try
        {
            await AttemptAsync(delivery, now, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.DeliveryFailed(delivery.Id, delivery.SubscriptionId, ex);
            await deliveries.FailAsync(delivery.Id, Owner, $"Sending failed: {JobLog.Reason(ex)}", time.GetUtcNow() + options.FirstRetry, options.MaxLeaseFailures, cancellationToken);
        }
        finally
        {
            StopSending(delivery.SubscriptionId);
        }
        return true;
    }

    private async Task AttemptAsync(WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        WebhookSubscription? subscription = await store.GetSubscriptionAsync(delivery.SubscriptionId, cancellationToken);
        string? error = subscription is null ? "The webhook was deleted." : await SendAsync(subscription, delivery, now, cancellationToken);
        int attempts = delivery.Attempts + 1;
        DateTimeOffset at = time.GetUtcNow();
        WebhookDelivery next = error is null
            ? delivery with { State = DeliveryState.Delivered, Attempts = attempts, DeliveredAt = at, LastError = null }
            : subscription is null || attempts >= options.MaxAttempts
                ? delivery with { State = DeliveryState.Dead, Attempts = attempts, LastError = error }
                : delivery with { Attempts = attempts, LastError = error, NextAttemptAt = at + Backoff(attempts) };
        telemetry.WebhookDelivery(next.State switch { DeliveryState.Delivered => "delivered", DeliveryState.Dead => "dead", _ => "retry" });
        await store.UpdateDeliveryAsync(next with { LeaseOwner = null, LeaseUntil = null, Version = delivery.Version + 1 }, delivery.Version, cancellationToken);
    }

    private string[] BusyWebhooks()
    {
        lock (_sending) return [.. _sending.Where(s => s.Value >= options.PerEndpointLimit).Select(s => s.Key)];
    }

    private bool TryStartSending(string subscriptionId)
    {
        lock (_sending)
        {
            int sending = _sending.GetValueOrDefault(subscriptionId);
            if (sending >= options.PerEndpointLimit) return false;
            _sending[subscriptionId] = sending + 1;
            return true;
        }
    }

    private void StopSending(string subscriptionId)
    {
        lock (_sending)
        {
            if (_sending[subscriptionId] == 1) _sending.Remove(subscriptionId);
            else _sending[subscriptionId]--;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        double seconds = options.FirstRetry.TotalSeconds * Math.Pow(2, attempts - 1);
        return seconds >= LongestWait.TotalSeconds ? LongestWait : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>POSTs the delivery; <c>null</c> on a 2xx answer, else what went wrong.</summary>
    private async Task<string?> SendAsync(WebhookSubscription subscription, WebhookDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        byte[] secret = encryption.Open(subscription.Secret, subscription.Id);
        try
        {
            using HttpRequestMessage request = new(HttpMethod.Post, subscription.Url) { Content = new StringContent(delivery.PayloadJson, Encoding.UTF8, "application/json") };
            request.Headers.Add(SignatureHeader, Sign(secret, now.ToUnixTimeSeconds(), delivery.PayloadJson));
            request.Headers.Add("BadgeIssuer-Event", delivery.Event);
            request.Headers.Add("BadgeIssuer-Delivery", delivery.Id);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("BadgeIssuer-Webhooks", "1"));
            using HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode}.";
        }
        catch (HttpRequestException ex)
        {
            return $"The receiver could not be reached: {ex.Message}";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "The receiver did not answer in time.";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
