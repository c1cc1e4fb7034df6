using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Contract;

/// <summary>Submissions: stored once per id and per idempotency key, replaced by version, listed by time and state, and counted per open assignment.</summary>
public abstract class SubmissionStoreContract<TFixture>(TFixture store) : IClassFixture<TFixture> where TFixture : class, IStoreFixture
{
    private static readonly DateTimeOffset Now = Samples.Now;

    /// <summary>A submission in <paramref name="state"/> whose current round assigns <paramref name="assigned"/>, of whom <paramref name="reviewed"/> reviewed it.</summary>
    private static Submission Submission(string issuerId, string state = SubmissionStates.Submitted, DateTimeOffset? createdAt = null, string? idempotencyKey = null,
        string[]? assigned = null, string[]? reviewed = null)
    {
        DateTimeOffset created = createdAt ?? Now;
        Review[] reviews = [.. (reviewed ?? []).Select(a => new Review(Ids.New(), a,
            [new ReviewResult("lesson", "good", null, null, "Clear \"objectives\" — ✓"), new ReviewResult("quiz", null, "85", "Completed", null)],
            "Overall fine.\nSecond line.", false, [new UnmetRule("requiredResults[1]", "level", "lesson needs good")], created.AddHours(2)))];
        SubmissionRound round = new(1, created,
            [new SubmissionEvidence(Url: "https://portfolio.example/lesson-plan"),
             new SubmissionEvidence(FileId: Ids.New(), Name: "Student work.pdf", Narrative: "What the class made", Genre: "Student work",
                 Sha256: new string('a', 64), ContentType: "application/pdf", Length: 123_456)],
            [new CriterionResponse("lesson", "I planned é ✓"), new CriterionResponse("quiz", "")],
            [.. (assigned ?? []).Select((a, i) => new Assignment(a, created.AddMinutes(i), TieBreak: i == 2))],
            reviews);
        return new Submission(Ids.New(), issuerId, Ids.New(), new Candidate("Ada.Teacher@School.example", "Ada Teacher", "Riverside Elementary"), state, [round],
            null, "kek-1", idempotencyKey, "fingerprint", "client-1", created, created.AddMinutes(1), 1);
    }

    [StoreFact]
    public async Task A_submission_round_trips_with_its_rounds_and_a_second_insert_with_its_id_is_a_conflict()
    {
        Submission first = Submission(Ids.New(), SubmissionStates.NotYetMet, assigned: ["a1", "a2"], reviewed: ["a1", "a2"]);
        Review deciding = first.Current.Reviews[1];
        SubmissionRound decided = first.Current with { Decision = new RoundDecision(SubmissionStates.NotYetMet, Now.AddHours(3), deciding.Id, deciding.Unmet) };
        Submission submission = first with
        {
            State = SubmissionStates.Met,
            Rounds = [decided, Submission(first.IssuerId).Current with { Number = 2, Decision = new RoundDecision(SubmissionStates.Met, Now.AddDays(1), "r-2", []) }],
            AwardId = Ids.New(),
            SubmittedBy = AssessmentLinks.TeacherActor,
        };

        Assert.Equal(SubmissionInsertKind.Inserted, (await store.Submissions.InsertAsync(submission, default)).Kind);
        Assert.Equal(SubmissionInsertKind.Conflict, (await store.Submissions.InsertAsync(submission with { AchievementId = "other" }, default)).Kind);

        Same.Equal(submission, await store.Reopen().Submissions.GetAsync(submission.Id, default));
        Assert.Null(await store.Submissions.GetAsync(Ids.New(), default));
    }

    [StoreFact]
    public async Task An_invitation_without_rounds_or_key_round_trips()
    {
        Submission invited = Submission(Ids.New(), SubmissionStates.Invited) with { Rounds = [], Candidate = new Candidate("sam@example.org") };
        Assert.Equal(SubmissionInsertKind.Inserted, (await store.Submissions.InsertAsync(invited, default)).Kind);
        Assert.Equal(SubmissionInsertKind.Inserted, (await store.Submissions.InsertAsync(invited with { Id = Ids.New() }, default)).Kind);

        Submission read = (await store.Reopen().Submissions.GetAsync(invited.Id, default))!;
        Assert.Empty(read.Rounds);
        Assert.Empty(read.OpenAssessorIds());
        Assert.Equal((invited.State, invited.Candidate, invited.IdempotencyKey, invited.AwardId, invited.CreatedAt.UtcTicks, invited.UpdatedAt.UtcTicks),
            (read.State, read.Candidate, read.IdempotencyKey, read.AwardId, read.CreatedAt.UtcTicks, read.UpdatedAt.UtcTicks));
    }

    [StoreFact]
    public async Task A_second_submission_under_an_issuers_idempotency_key_returns_the_first()
    {
        string issuerId = Ids.New();
        Submission first = Submission(issuerId, idempotencyKey: "key-1");
        Assert.Equal(SubmissionInsertKind.Inserted, (await store.Submissions.InsertAsync(first, default)).Kind);

        SubmissionInsertOutcome again = await store.Submissions.InsertAsync(Submission(issuerId, idempotencyKey: "key-1"), default);

        Assert.Equal(SubmissionInsertKind.DuplicateIdempotencyKey, again.Kind);
        Assert.Equal(first.Id, again.Existing?.Id);
        Assert.Equal(SubmissionInsertKind.Inserted, (await store.Submissions.InsertAsync(Submission(Ids.New(), idempotencyKey: "key-1"), default)).Kind);
        Assert.Equal(first.Id, (await store.Reopen().Submissions.FindByIdempotencyKeyAsync(issuerId, "key-1", default))?.Id);
        Assert.Null(await store.Submissions.FindByIdempotencyKeyAsync(issuerId, "key-2", default));
    }

    [StoreFact]
    public async Task Of_two_updates_from_the_same_version_one_is_written()
    {
        Submission submission = Submission(Ids.New(), assigned: ["a1"]);
        await store.Submissions.InsertAsync(submission, default);

        WriteOutcome[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => store.Submissions.UpdateAsync(
            submission with { State = SubmissionStates.Withdrawn, SubmittedBy = $"client-{i}", Version = 2 }, expectedVersion: 1, default)));

        Assert.Equal(1, outcomes.Count(o => o == WriteOutcome.Written));
        Assert.All(outcomes.Where(o => o != WriteOutcome.Written), o => Assert.Equal(WriteOutcome.Conflict, o));
        Submission stored = (await store.Submissions.GetAsync(submission.Id, default))!;
        Assert.Equal((SubmissionStates.Withdrawn, 2L), (stored.State, stored.Version));
        Assert.Equal(WriteOutcome.NotFound, await store.Submissions.UpdateAsync(Submission(Ids.New()) with { Version = 2 }, expectedVersion: 1, default));
    }

    [StoreFact]
    public async Task An_issuers_submissions_list_oldest_first_across_pages_in_every_state_or_one()
    {
        string issuerId = Ids.New();
        Submission[] submissions =
        [
            Submission(issuerId, SubmissionStates.Submitted, Now.AddMinutes(3)),
            Submission(issuerId, SubmissionStates.Met, Now.AddMinutes(1)),
            Submission(issuerId, SubmissionStates.Submitted, Now),
            Submission(issuerId, SubmissionStates.Submitted, Now),
            Submission(issuerId, SubmissionStates.Invited, Now.AddMinutes(2)) with { Rounds = [] },
            Submission(issuerId, SubmissionStates.Submitted, Now.AddMinutes(3)),
        ];
        foreach (Submission submission in submissions) await store.Submissions.InsertAsync(submission, default);
        await store.Submissions.InsertAsync(Submission(Ids.New()), default);

        List<string> all = [.. (await Same.AllPagesAsync((cursor, limit) => store.Submissions.ListAsync(issuerId, null, cursor, limit, default))).Select(s => s.Id)];
        List<string> submitted = [.. (await Same.AllPagesAsync((cursor, limit) => store.Submissions.ListAsync(issuerId, SubmissionStates.Submitted, cursor, limit, default))).Select(s => s.Id)];

        Assert.Equal(Ordered(submissions), all);
        Assert.Equal(Ordered(submissions.Where(s => s.State == SubmissionStates.Submitted)), submitted);
        Assert.Empty((await store.Submissions.ListAsync(issuerId, SubmissionStates.Withdrawn, null, 10, default)).Items);

        Submission moved = submissions[0] with { State = SubmissionStates.Withdrawn, Version = 2 };
        Assert.Equal(WriteOutcome.Written, await store.Submissions.UpdateAsync(moved, 1, default));
        Assert.Equal([moved.Id], (await store.Submissions.ListAsync(issuerId, SubmissionStates.Withdrawn, null, 10, default)).Items.Select(s => s.Id));
        Assert.DoesNotContain(moved.Id, (await store.Submissions.ListAsync(issuerId, SubmissionStates.Submitted, null, 10, default)).Items.Select(s => s.Id));
    }

    [StoreFact]
    public async Task Open_assignments_count_only_unreviewed_ones_of_the_issuers_submissions_under_review()
    {
        string issuerId = Ids.New();
        Submission waiting = Submission(issuerId, SubmissionStates.Submitted, assigned: ["a1", "a2"]);
        await store.Submissions.InsertAsync(waiting, default);
        await store.Submissions.InsertAsync(Submission(issuerId, SubmissionStates.InReview, assigned: ["a1", "a3"], reviewed: ["a3"]), default);
        await store.Submissions.InsertAsync(Submission(issuerId, SubmissionStates.NotYetMet, assigned: ["a2", "a4"], reviewed: ["a4"]), default);
        await store.Submissions.InsertAsync(Submission(issuerId, SubmissionStates.Withdrawn, assigned: ["a4"]), default);
        await store.Submissions.InsertAsync(Submission(Ids.New(), SubmissionStates.Submitted, assigned: ["a1", "a4"]), default);

        IReadOnlyDictionary<string, int> counts = await store.Reopen().Submissions.OpenAssignmentCountsAsync(issuerId, default);

        Assert.Equal(new Dictionary<string, int> { ["a1"] = 2, ["a2"] = 1 }, counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary());
        Assert.Equal(WriteOutcome.Written, await store.Submissions.UpdateAsync(waiting with { State = SubmissionStates.Withdrawn, Version = 2 }, 1, default));
        Assert.Equal(new Dictionary<string, int> { ["a1"] = 1 }, (await store.Submissions.OpenAssignmentCountsAsync(issuerId, default)).ToDictionary());
        Assert.Empty(await store.Submissions.OpenAssignmentCountsAsync(Ids.New(), default));
    }

    private static List<string> Ordered(IEnumerable<Submission> submissions) =>
        [.. submissions.OrderBy(s => s.CreatedAt).ThenBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Id)];
}
