// OpenTelemetry semantic conventions name the instruments (dot-separated, lower case; counters count one thing) and
// the span names; the OpenTelemetry SDK in the API project listens to the source and meter named "BadgeIssuer".
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace BadgeIssuer.Core.Diagnostics;

/// <summary>
/// The service's own traces and metrics, through System.Diagnostics so Core needs no OpenTelemetry package: the spans
/// of issuing an award, a verification and a batch group, and the counters of awards issued, verifications by verdict,
/// batch entries by outcome and webhook deliveries by outcome. Instruments are made through <see cref="IMeterFactory"/>,
/// so each service provider (and each test host) has its own.
/// </summary>
public sealed class BadgeIssuerTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/> and of the <see cref="Meter"/>.</summary>
    public const string Name = "BadgeIssuer";

    /// <summary>The span of issuing one award.</summary>
    public const string IssueAwardSpan = "badgeissuer.award.issue";

    /// <summary>The span of one verification.</summary>
    public const string VerifySpan = "badgeissuer.verify";

    /// <summary>The span of one group of a batch's entries, issued together.</summary>
    public const string BatchGroupSpan = "badgeissuer.batch.group";

    /// <summary>The tag that carries an outcome or verdict on counters and spans.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The tag that carries a verification's verdict.</summary>
    public const string VerdictTag = "verdict";

    /// <summary>The source of the service's spans; shared, as <see cref="ActivitySource"/> instances are meant to be.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _awardsIssued;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _batchEntries;
    private readonly Counter<long> _webhookDeliveries;
    private readonly Counter<long> _mails;

    /// <summary>Creates the instruments on the <see cref="Meter"/> named <see cref="Name"/>.</summary>
    public BadgeIssuerTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter meter = meters.Create(Name);
        _awardsIssued = meter.CreateCounter<long>("badgeissuer.awards.issued", "{award}", "Awards issued (replays of an idempotency key not counted)");
        _verifications = meter.CreateCounter<long>("badgeissuer.verifications", "{verification}", "Verifications run, by verdict (verified or failed)");
        _batchEntries = meter.CreateCounter<long>("badgeissuer.batch.entries", "{entry}", "Batch entries processed, by outcome");
        _webhookDeliveries = meter.CreateCounter<long>("badgeissuer.webhook.deliveries", "{attempt}", "Webhook delivery attempts, by outcome (delivered, retry or dead)");
        _mails = meter.CreateCounter<long>("badgeissuer.mails", "{attempt}",
            "E-mail attempts by kind (claim, invitation, review, decision) and outcome (sent, retry, failed, or skipped when the mail no longer applies)");
    }

    /// <summary>Counts an award issued.</summary>
    public void AwardIssued() => _awardsIssued.Add(1);

    /// <summary>Counts a verification with its verdict.</summary>
    public void Verified(bool verified) => _verifications.Add(1, new KeyValuePair<string, object?>(VerdictTag, Verdict(verified)));

    /// <summary>The verdict as tags carry it: <c>verified</c> or <c>failed</c>.</summary>
    public static string Verdict(bool verified) => verified ? "verified" : "failed";

    /// <summary>Counts a batch entry with its outcome (one of <c>BatchOutcomes</c>).</summary>
    public void BatchEntry(string outcome) => _batchEntries.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>Counts a webhook delivery attempt with its outcome.</summary>
    public void WebhookDelivery(string outcome) => _webhookDeliveries.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>Counts an e-mail attempt of <paramref name="kind"/> with its outcome.</summary>
    public void Mail(string kind, string outcome) =>
        _mails.Add(1, new KeyValuePair<string, object?>("badgeissuer.mail.kind", kind), new KeyValuePair<string, object?>(OutcomeTag, outcome));
}
