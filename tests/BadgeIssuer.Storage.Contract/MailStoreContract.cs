using BadgeIssuer.Core;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

/// <summary>
/// Mail jobs: stored once per id, claimed when due by one worker, retried, sent, and read back as each award's newest;
/// a mail of review keeps its kind, submission, round and assessor and is never an award's delivery.
/// </summary>
public abstract class MailStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Past = new(2001, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [StoreFact]
    public async Task A_job_is_stored_once_per_id_and_read_back_as_its_awards_newest()
    {
        string awardId = Ids.New(), other = Ids.New();
        MailJob first = MailJob.Queue(Ids.New(), Ids.New(), awardId, Now);
        MailJob second = MailJob.Queue(Ids.New(), first.IssuerId, awardId, Now.AddMinutes(5)) with { State = MailState.Failed, Attempts = 6, LastError = "The SMTP server refused the recipient." };
        MailJob third = MailJob.Queue(Ids.New(), first.IssuerId, other, Now.AddMinutes(1)) with { LeaseFailures = 2 };

        Assert.Equal(WriteOutcome.Written, await store.Mail.InsertAsync(second, default));
        Assert.Equal(WriteOutcome.Written, await store.Mail.InsertAsync(first, default));
        Assert.Equal(WriteOutcome.Written, await store.Mail.InsertAsync(third, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Mail.InsertAsync(first with { CreatedAt = Now.AddDays(1) }, default));

        IReadOnlyDictionary<string, MailJob> latest = await store.Reopen().Mail.LatestAsync([awardId, other, Ids.New()], default);
        Assert.Equal(2, latest.Count);
        Same.Equal(second, latest[awardId]);
        Same.Equal(third, latest[other]);
        Assert.Empty(await store.Mail.LatestAsync([], default));
    }

    [StoreFact]
    public async Task A_mail_of_review_keeps_its_kind_and_ids_through_a_claim_and_is_no_awards_delivery()
    {
        string submissionId = Ids.New(), assessorId = Ids.New();
        MailJob review = MailJob.QueueAssessment(Ids.New(), Ids.New(), MailKind.Review, submissionId, 2, assessorId, Past);
        MailJob decision = MailJob.QueueAssessment(Ids.New(), review.IssuerId, MailKind.Decision, submissionId, 2, null, new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(WriteOutcome.Written, await store.Mail.InsertAsync(review, default));
        Assert.Equal(WriteOutcome.Written, await store.Mail.InsertAsync(decision, default));
        MailJob? claimed = null;
        for (int i = 0; i < 100 && claimed?.Id != review.Id; i++)
            claimed = await store.Reopen().MailJobs.ClaimNextAsync("w", Now, Now.AddMinutes(1), default);

        Assert.NotNull(claimed);
        Assert.Equal(review.Id, claimed.Id);
        Assert.Equal(MailKind.Review, claimed.Kind);
        Assert.Equal(submissionId, claimed.SubmissionId);
        Assert.Equal(2, claimed.Round);
        Assert.Equal(assessorId, claimed.AssessorId);
        Assert.Equal("", claimed.AwardId);
        Assert.Empty(await store.Mail.LatestAsync([submissionId, assessorId], default));
        MailJob sent = claimed with { State = MailState.Sent, Attempts = 1, SentAt = Now, LeaseOwner = null, LeaseUntil = null, Version = claimed.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.Mail.UpdateAsync(sent, claimed.Version, default));
    }

    [StoreFact]
    public async Task A_due_job_goes_to_one_worker_is_retried_when_due_and_once_sent_to_none()
    {
        MailJob due = MailJob.Queue(Ids.New(), Ids.New(), Ids.New(), Past);
        MailJob later = MailJob.Queue(Ids.New(), Ids.New(), Ids.New(), new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await store.Mail.InsertAsync(due, default);
        await store.Mail.InsertAsync(later, default);

        MailJob?[] claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.MailJobs.ClaimNextAsync($"w{i}", Now, Now.AddMinutes(1), default))));

        MailJob claimed = Assert.Single(claims, c => c?.Id == due.Id)!;
        Assert.Equal((MailState.Queued, Now.AddMinutes(1), due.Version + 1), (claimed.State, claimed.LeaseUntil, claimed.Version));
        Assert.DoesNotContain(claims, c => c?.Id == later.Id);

        MailJob failed = claimed with { Attempts = 1, NextAttemptAt = Now.AddSeconds(30), LeaseOwner = null, LeaseUntil = null, LastError = "The SMTP server could not be reached.", Version = claimed.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.Mail.UpdateAsync(failed, claimed.Version, default));
        Assert.Equal(WriteOutcome.Conflict, await store.Mail.UpdateAsync(failed, claimed.Version, default));
        Assert.Equal(WriteOutcome.NotFound, await store.Mail.UpdateAsync(failed with { Id = Ids.New() }, claimed.Version, default));
        Assert.NotEqual(due.Id, (await store.MailJobs.ClaimNextAsync("w", Now.AddSeconds(10), Now.AddMinutes(1), default))?.Id);

        MailJob? retried = await store.MailJobs.ClaimNextAsync("w", Now.AddSeconds(31), Now.AddMinutes(2), default);
        Assert.Equal((due.Id, 1, "The SMTP server could not be reached."), (retried?.Id, retried?.Attempts, retried?.LastError));
        MailJob sent = retried! with { State = MailState.Sent, Attempts = 2, SentAt = Now.AddSeconds(32), LastError = null, LeaseOwner = null, LeaseUntil = null, Version = retried.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.Mail.UpdateAsync(sent, retried.Version, default));

        Same.Equal(sent, (await store.Reopen().Mail.LatestAsync([due.AwardId], default))[due.AwardId]);
        Assert.NotEqual(due.Id, (await store.MailJobs.ClaimNextAsync("w", Now.AddHours(1), Now.AddHours(2), default))?.Id);
    }

    [StoreFact]
    public async Task A_job_whose_sender_fails_too_often_is_parked_with_its_last_error()
    {
        MailJob job = MailJob.Queue(Ids.New(), Ids.New(), Ids.New(), Past);
        await store.Mail.InsertAsync(job, default);

        Assert.Equal(job.Id, (await store.MailJobs.ClaimNextAsync("w1", Now, Now.AddMinutes(1), 2, [], default))?.Id);
        Assert.Equal(WriteOutcome.Written, await store.MailJobs.FailAsync(job.Id, "w1", "Sending failed: boom", Now, 2, default));
        Assert.Equal(job.Id, (await store.MailJobs.ClaimNextAsync("w2", Now, Now.AddMinutes(1), 2, [], default))?.Id);
        Assert.Equal(WriteOutcome.Written, await store.MailJobs.FailAsync(job.Id, "w2", "Sending failed: boom again", Now, 2, default));

        MailJob parked = (await store.Mail.LatestAsync([job.AwardId], default))[job.AwardId];
        Assert.Equal((MailState.Parked, 2, "Sending failed: boom again", (string?)null), (parked.State, parked.LeaseFailures, parked.LastError, parked.LeaseOwner));
        Assert.NotEqual(job.Id, (await store.MailJobs.ClaimNextAsync("w3", Now.AddHours(1), Now.AddHours(2), default))?.Id);
    }
}
