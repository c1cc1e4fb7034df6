// Issue 15, item 1: claim e-mails. A mail is queued, never sent inside a request: from the award.issued outbox event
// (under an id derived from the event, so a repeated dispatch queues nothing twice), by :notify (a resend), and for a
// readdressed award through the outbox event of its reissue. The sending is the mail worker's (ClaimMailDispatcher).
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;
using BadgeIssuer.Credentials.Proofs.Jose;

namespace BadgeIssuer.Core.Mail;

/// <summary>Where an award's claim mail is, as the API shows it (<c>delivery</c>).</summary>
/// <param name="State"><c>queued</c> (waiting for its first attempt), <c>sent</c>, or <c>failed</c> (its last attempt failed: <paramref name="NextAttemptAt"/> says when it is tried again, absent when never).</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="SentAt">When the SMTP server accepted it.</param>
/// <param name="LastError">Why the last attempt failed, in a sentence (no addresses, no secrets).</param>
/// <param name="NextAttemptAt">When a failed mail is tried again.</param>
public sealed record MailDelivery(string State, int Attempts, DateTimeOffset? SentAt = null, string? LastError = null, DateTimeOffset? NextAttemptAt = null)
{
    /// <summary>The delivery a job shows: a retry pending after a failure is <c>failed</c> with its next attempt, a parked job <c>failed</c> with its reason.</summary>
    public static MailDelivery Of(MailJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.State switch
        {
            MailState.Sent => new MailDelivery("sent", job.Attempts, job.SentAt),
            MailState.Queued when job.LastError is null => new MailDelivery("queued", job.Attempts),
            MailState.Queued => new MailDelivery("failed", job.Attempts, LastError: job.LastError, NextAttemptAt: job.NextAttemptAt),
            _ => new MailDelivery("failed", job.Attempts, LastError: job.LastError ?? "The mail was given up."),
        };
    }

    /// <summary>The delivery of a mail about to be queued (its outbox event is not dispatched yet).</summary>
    public static readonly MailDelivery Queued = new("queued", 0);
}

/// <summary>Queues claim mails and tells where an award's mail is.</summary>
public sealed class ClaimMailService(IMailStore store, IAwardStore awards, ClaimService claims, ReissueService reissue, AuditTrail audit, MailOptions options, TimeProvider time)
{
    /// <summary>
    /// Queues the claim mail of a new award (an <see cref="WebhookEvents.AwardIssued"/> event) when mail is configured
    /// and the award has an e-mail recipient who is to be notified; the job id is derived from the event, so running the
    /// event again queues nothing twice.
    /// </summary>
    public async Task QueueAsync(OutboxEvent outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        if (!options.Enabled || outboxEvent.Type != WebhookEvents.AwardIssued) return;
        if (await awards.GetAsync(outboxEvent.AwardId, cancellationToken) is not { RecipientEmail: not null, Notify: true } award) return;
        await store.InsertAsync(MailJob.Queue(Ids.Derived("claim-mail", outboxEvent.Id), award.IssuerId, award.Id, time.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// The delivery of each award of <paramref name="issued"/> that has one: its newest mail job, or <see cref="MailDelivery.Queued"/>
    /// for an award whose mail is still to be queued (mail configured, an e-mail recipient to notify, a claim link open).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, MailDelivery>> DeliveriesAsync(IReadOnlyCollection<Award> issued, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issued);
        IReadOnlyDictionary<string, MailJob> jobs = await store.LatestAsync([.. issued.Select(a => a.Id)], cancellationToken);
        Dictionary<string, MailDelivery> deliveries = new(StringComparer.Ordinal);
        foreach (Award award in issued)
        {
            if (jobs.TryGetValue(award.Id, out MailJob? job)) deliveries[award.Id] = MailDelivery.Of(job);
            else if (Expected(award) is { } expected) deliveries[award.Id] = expected;
        }
        return deliveries;
    }

    /// <summary>
    /// The delivery of an award with no mail job yet: queued when its outbox event will queue one (mail is on, the
    /// award has an e-mail recipient and asked for mail, and its claim link is open), else none.
    /// </summary>
    public MailDelivery? Expected(Award award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return options.Enabled && award is { RecipientEmail: not null, Notify: true } && claims.ClaimUrl(award) is not null ? MailDelivery.Queued : null;
    }

    /// <summary>
    /// <c>:notify</c>: sends the award's claim mail again, with a renewed claim link when the old one expired. Nothing
    /// is queued twice while a mail of the award still waits to go out. <see cref="Invalid{T}"/> when mail is not
    /// configured or the award has no e-mail recipient; <see cref="Conflict{T}"/> when it was claimed or revoked.
    /// </summary>
    public async Task<Outcome<Award>> NotifyAsync(string issuerId, string awardId, CancellationToken cancellationToken)
    {
        if (await awards.GetAsync(awardId, cancellationToken) is not { } award || !string.Equals(award.IssuerId, issuerId, StringComparison.Ordinal))
            return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
        if (!options.Enabled)
            return new Invalid<Award>([new FieldError("", "Mail is not configured on this service (BadgeIssuer:Email:SmtpHost is not set), so no claim mail can be sent; pass links.claim on yourself.")]);
        if (award.RecipientEmail is null)
            return new Invalid<Award>([new FieldError("/recipient/email", "The award was issued without an e-mail address, so there is nowhere to send its claim mail; :readdress gives it one.")]);
        if (award.Revoked is { } revoked)
            return new Conflict<Award>($"Award '{award.Id}' was revoked ({revoked.Reason}); its badge can no longer be claimed.");
        if (award.Holder is not null)
            return new Conflict<Award>($"Award '{award.Id}' was claimed already; its holder has the badge.");
        if (claims.ClaimUrl(award) is null)
        {
            Outcome<Award> renewed = await claims.RenewAsync(issuerId, awardId, cancellationToken);
            if (renewed is not Done<Award> { Value: var fresh }) return renewed;
            award = fresh;
        }
        MailJob job = MailJob.Queue(Ids.New(), award.IssuerId, award.Id, time.GetUtcNow());
        if ((await store.LatestAsync([award.Id], cancellationToken)).TryGetValue(award.Id, out MailJob? latest))
        {
            if (latest.State == MailState.Queued) return new Done<Award>(award);
            // The newest job is the award's delivery: a clock that has not moved on since still puts this one after it.
            if (job.CreatedAt <= latest.CreatedAt) job = job with { CreatedAt = latest.CreatedAt.AddTicks(1) };
        }
        await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.AwardNotified, job.Id, ("awardId", award.Id)), () => store.InsertAsync(job, cancellationToken), cancellationToken);
        return new Done<Award>(award, Created: true);
    }

    /// <summary>
    /// <c>:readdress</c>: reissues the award to <paramref name="email"/> (the same achievement, results, evidence,
    /// narrative, name and dates; the old award revoked as superseded, <see cref="ReissueService"/>), so the new award
    /// carries the new address and its claim mail goes there. A claimed award is not readdressed: its holder has it.
    /// </summary>
    public async Task<Outcome<Award>> ReaddressAsync(string issuerId, string awardId, string? email, CancellationToken cancellationToken)
    {
        Check check = new();
        if (email is null) check.Fail("/email", "is required: the address the badge is to go to instead.");
        check.OptionalEmail("/email", email);
        if (check.Errors.Count > 0) return new Invalid<Award>(check.Errors);
        if (await awards.GetAsync(awardId, cancellationToken) is not { } old || !string.Equals(old.IssuerId, issuerId, StringComparison.Ordinal))
            return new NotFound<Award>($"Issuer '{Check.Shorten(issuerId)}' has no award '{Check.Shorten(awardId)}'.");
        if (old.Holder is not null)
            return new Conflict<Award>($"Award '{old.Id}' was claimed already; its holder has the badge, so it is not sent to another address.");
        return await reissue.ReissueAsync(issuerId, awardId, Readdressed(old, email!), cancellationToken);
    }

    /// <summary>The request that issues <paramref name="award"/>'s credential again, to <paramref name="email"/>, read back from the credential.</summary>
    private static IssueAwardCommand Readdressed(Award award, string email)
    {
        JsonObject credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
        JsonObject subject = credential["credentialSubject"]!.AsObject();
        string? id = Text(subject["id"]) is { } subjectId && !subjectId.StartsWith("urn:uuid:", StringComparison.Ordinal) ? subjectId : null;
        string? name = (subject["identifier"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(i => Text(i["identityType"]) == "name" && i["hashed"]?.GetValue<bool>() == false) is { } named ? Text(named["identityHash"]) : null;
        List<SubmittedResult> results = [];
        foreach (JsonObject result in (subject["result"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            string key = After(Text(result["resultDescription"]), "#result-") ?? "";
            results.Add(new SubmittedResult(key, Text(result["value"]), After(Text(result["achievedLevel"]), $"#result-{key}-level-"), Text(result["status"])));
        }
        List<EvidenceItem> evidence = [.. ((credential["evidence"] as JsonArray)?.OfType<JsonObject>() ?? []).Select(e =>
            new EvidenceItem(Text(e["id"]), Text(e["name"]), Text(e["description"]), Text(e["narrative"]), Text(e["genre"]), Text(e["audience"])))];
        DateTimeOffset? validUntil = Text(credential["validUntil"]) is { } until && VcJwt.TryParseDateTimeZ(until, out DateTimeOffset parsed) ? parsed : null;
        return new IssueAwardCommand(award.IssuerId, award.AchievementId, new Recipient(email, id, name), results, evidence, Text(subject["narrative"]), validUntil, null);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;

    private static string? After(string? text, string marker) =>
        text is not null && text.LastIndexOf(marker, StringComparison.Ordinal) is var at and >= 0 ? text[(at + marker.Length)..] : null;
}
