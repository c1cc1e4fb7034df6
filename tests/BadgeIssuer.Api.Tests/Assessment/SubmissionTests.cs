using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests.Assessment;

/// <summary>Submissions and reviews one rule at a time: validation, idempotency, withdrawal, listing, waiting, concurrency, scopes and an interrupted issue.</summary>
public sealed class SubmissionTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static string[] Pointers(JsonObject problem) => [.. problem["errors"]!.AsArray().Select(e => e!["pointer"]!.GetValue<string>())];

    [Fact]
    public async Task Refused_submissions_name_each_field_and_store_nothing()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, requireResponses: true);
        using HttpClient admin = api.Admin();
        JsonObject directly = Journey.SampleJson("achievements/performance-assessment-design.json");
        directly.Remove("review");
        string direct = await Journey.CreateAchievementAsync(admin, issuerId, directly);

        async Task<JsonObject> Refused(JsonObject body, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
        {
            HttpResponseMessage response = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions", Journey.Json(body));
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            return await response.ReadObjectAsync();
        }

        JsonObject notReviewed = await Refused(Assess.SubmissionBody(direct));
        Assert.Contains(notReviewed["errors"]!.AsArray(), e => e!["pointer"]!.GetValue<string>() == "/achievementId"
            && e["detail"]!.GetValue<string>().Contains("is not earned by review; issue it directly", StringComparison.Ordinal));

        JsonObject body = Assess.SubmissionBody(achievementId, count: 2);
        body["candidate"]!["email"] = "not an address";
        body["evidence"]!.AsArray().Add(new JsonObject { ["url"] = "https://a.example/x", ["fileId"] = "00000000000000000000" });
        body["evidence"]!.AsArray().Add(new JsonObject { ["url"] = "ftp://files.example/plan" });
        body["evidence"]!.AsArray().Add(new JsonObject { ["fileId"] = "00000000000000000000" });
        body["evidence"]!.AsArray().Add(new JsonObject { ["name"] = "only a name" });
        body["responses"]!.AsArray().Add(new JsonObject { ["resultDescription"] = "task-design", ["text"] = "again" });
        body["responses"]!.AsArray().Add(new JsonObject { ["resultDescription"] = "no-such", ["text"] = " " });
        string[] pointers = Pointers(await Refused(body));
        Assert.Equal(["/candidate/email", "/evidence/2", "/evidence/3/url", "/evidence/4/fileId", "/evidence/5", "/responses/1/resultDescription", "/responses/2/resultDescription", "/responses/2/text"],
            pointers);

        JsonObject missing = Assess.SubmissionBody(achievementId, count: 2);
        string[] missingPointers = Pointers(await Refused(missing));
        Assert.Equal(["/evidence", "/responses"], missingPointers);

        JsonObject tooMany = Assess.SubmissionBody(achievementId, count: 21);
        Assert.Contains("/evidence", Pointers(await Refused(tooMany)));

        JsonObject unreadable = await Refused(new JsonObject { ["achievementId"] = achievementId, ["candidate"] = "someone" }, HttpStatusCode.BadRequest);
        Assert.Equal("invalid-field", Assess.ProblemType(unreadable));

        JsonObject page = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions")).ReadObjectAsync();
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_submission_and_another_body_under_it_is_refused()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api);
        async Task<HttpResponseMessage> Post(JsonObject body)
        {
            using HttpRequestMessage request = new(HttpMethod.Post, $"/api/v1/issuers/{issuerId}/submissions") { Content = Journey.Json(body) };
            request.Headers.Add("Idempotency-Key", "portal-42");
            return await program.SendAsync(request);
        }

        HttpResponseMessage first = await Post(Assess.SubmissionBody(achievementId));
        HttpResponseMessage second = await Post(Assess.SubmissionBody(achievementId));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal((await first.ReadObjectAsync())["id"]!.GetValue<string>(), (await second.ReadObjectAsync())["id"]!.GetValue<string>());

        HttpResponseMessage other = await Post(Assess.SubmissionBody(achievementId, "other"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("idempotency-key-reused", Assess.ProblemType(await other.ReadObjectAsync()));
        JsonObject page = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions")).ReadObjectAsync();
        Assert.Single(page["items"]!.AsArray());
    }

    [Fact]
    public async Task An_invitation_is_submitted_through_resubmit_and_submissions_are_withdrawn_until_met_and_listed_by_state()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, reviewsRequired: 1);
        (string _, string key) = await Assess.AddAssessorAsync(program, issuerId, "Olga Outside");

        HttpResponseMessage invited = await program.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/submission-invitations",
            new { achievementId, candidate = new { email = Assess.TeacherEmail, name = "Ada Teacher", organization = Assess.School } });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        JsonObject invitation = await invited.ReadObjectAsync();
        string invitationId = invitation["id"]!.GetValue<string>();
        Assert.Equal("invited", invitation["state"]!.GetValue<string>());
        Assert.Empty(invitation["rounds"]!.AsArray());
        Assert.NotNull(invitation["links"]!["teacher"]);

        HttpResponseMessage first = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{invitationId}:resubmit",
            Journey.Json(new JsonObject { ["evidence"] = Assess.Evidence("invited", 3) }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        JsonObject submitted = await first.ReadObjectAsync();
        Assert.Equal("submitted", submitted["state"]!.GetValue<string>());
        Assert.Single(Assess.Assigned(submitted));

        HttpResponseMessage early = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{invitationId}:resubmit",
            Journey.Json(new JsonObject { ["evidence"] = Assess.Evidence("again", 3) }));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("is submitted", (await early.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        api.Time.Advance(TimeSpan.FromMinutes(1));
        string withdrawnId = (await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId, "withdrawn")))["id"]!.GetValue<string>();
        for (int i = 0; i < 2; i++)
        {
            HttpResponseMessage withdrawn = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{withdrawnId}:withdraw", null);
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
            Assert.Equal("withdrawn", (await withdrawn.ReadObjectAsync())["state"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.Conflict, (await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{withdrawnId}:resubmit",
            Journey.Json(new JsonObject { ["evidence"] = Assess.Evidence("late", 3) }))).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await Assess.ReviewAsync(api, key, issuerId, invitationId, Assess.ReviewBody("proficient"))).StatusCode);
        JsonObject met = await Assess.GetAsync(program, issuerId, invitationId);
        Assert.Equal("met", met["state"]!.GetValue<string>());
        HttpResponseMessage tooLate = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{invitationId}:withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);

        JsonObject withdrawnPage = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions?state=withdrawn")).ReadObjectAsync();
        Assert.Equal(withdrawnId, Assert.Single(withdrawnPage["items"]!.AsArray())!["id"]!.GetValue<string>());
        JsonObject firstPage = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions?limit=1")).ReadObjectAsync();
        Assert.Equal(invitationId, Assert.Single(firstPage["items"]!.AsArray())!["id"]!.GetValue<string>());
        JsonObject secondPage = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions?limit=1&cursor={firstPage["nextCursor"]!.GetValue<string>()}")).ReadObjectAsync();
        Assert.Equal(withdrawnId, Assert.Single(secondPage["items"]!.AsArray())!["id"]!.GetValue<string>());

        HttpResponseMessage badState = await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions?state=done");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("invited, submitted, in-review, met, not-yet-met, withdrawn", (await badState.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions?cursor=nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await program.GetAsync($"/api/v1/issuers/{issuerId}/submissions/00000000000000000000")).StatusCode);
    }

    [Fact]
    public async Task A_round_without_a_free_assessor_waits_and_a_new_assessor_takes_it_up()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api);
        (string only, _) = await Assess.AddAssessorAsync(program, issuerId, "Only One");
        await Assess.AddAssessorAsync(program, issuerId, "Same School", organization: Assess.School);

        JsonObject waiting = await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId));
        string submissionId = waiting["id"]!.GetValue<string>();
        Assert.Equal([only], Assess.Assigned(waiting));
        JsonObject awaiting = waiting["rounds"]![0]!["awaiting"]!.AsObject();
        Assert.Equal(2, awaiting["reviews"]!.GetValue<int>());
        Assert.Equal(1, awaiting["unassigned"]!.GetValue<int>());
        Assert.Contains("no eligible assessor is free", awaiting["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        (string added, _) = await Assess.AddAssessorAsync(program, issuerId, "New Comer");
        JsonObject taken = await Assess.GetAsync(program, issuerId, submissionId);
        Assert.Equal([only, added], Assess.Assigned(taken));
        Assert.Equal(0, taken["rounds"]![0]!["awaiting"]!["unassigned"]!.GetValue<int>());
    }

    [Fact]
    public async Task Two_assessors_reviewing_at_once_both_land_and_decide_the_round()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api);
        Dictionary<string, string> keys = [];
        foreach (string name in new[] { "Ann Parallel", "Ben Parallel" })
        {
            (string id, string key) = await Assess.AddAssessorAsync(program, issuerId, name);
            keys[id] = key;
        }
        for (int round = 0; round < 3; round++)
        {
            JsonObject submission = await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId, $"parallel{round}", email: $"t{round}@lincoln.example"));
            string submissionId = submission["id"]!.GetValue<string>();
            HttpResponseMessage[] reviews = await Task.WhenAll(keys.Values.Select(k => Assess.ReviewAsync(api, k, issuerId, submissionId, Assess.ReviewBody("proficient"))));
            Assert.All(reviews, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
            JsonObject decided = await Assess.GetAsync(program, issuerId, submissionId);
            Assert.Equal("met", decided["state"]!.GetValue<string>());
            Assert.Equal(2, decided["rounds"]![0]!["reviews"]!.AsArray().Count);
            Assert.NotNull(decided["awardId"]);
        }
    }

    [Fact]
    public async Task Only_an_assigned_assessors_key_reviews_and_an_assessors_key_does_nothing_else()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, reviewsRequired: 1);
        (string _, string key) = await Assess.AddAssessorAsync(program, issuerId, "Kim Keys");
        string submissionId = (await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId)))["id"]!.GetValue<string>();

        HttpResponseMessage byProgram = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{submissionId}/reviews", Journey.Json(Assess.ReviewBody("proficient")));
        Assert.Equal(HttpStatusCode.Forbidden, byProgram.StatusCode);
        using HttpClient admin = api.Admin();
        HttpResponseMessage byAdmin = await admin.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{submissionId}/reviews", Journey.Json(Assess.ReviewBody("proficient")));
        Assert.Equal(HttpStatusCode.Forbidden, byAdmin.StatusCode);
        Assert.Equal("not-assigned", Assess.ProblemType(await byAdmin.ReadObjectAsync()));

        using HttpClient assessor = api.ClientWith(key);
        Assert.Equal(HttpStatusCode.Forbidden, (await assessor.PostAsync($"/api/v1/issuers/{issuerId}/submissions", Journey.Json(Assess.SubmissionBody(achievementId)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await assessor.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/assessors", new { name = "Me Too", email = "me@x.example" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await assessor.GetAsync($"/api/v1/issuers/{issuerId}/submissions")).StatusCode);

        HttpResponseMessage badReview = await assessor.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{submissionId}/reviews", Journey.Json(new JsonObject
        {
            ["results"] = new JsonArray(new JsonObject { ["resultDescription"] = "task-design", ["achievedLevel"] = "superb" }),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badReview.StatusCode);
        JsonObject problem = await badReview.ReadObjectAsync();
        Assert.Equal(["/results/0/achievedLevel", "/results"], Pointers(problem));
        Assert.Contains("missing: rubric-alignment, student-work-analysis", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_met_submission_whose_award_was_interrupted_is_issued_by_the_next_read_once()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, reviewsRequired: 1);
        (string assessorId, _) = await Assess.AddAssessorAsync(program, issuerId, "Ida Interrupted");
        string submissionId = (await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId)))["id"]!.GetValue<string>();

        // The process stopped after the decision was written and before anything was issued.
        ISubmissionStore store = api.Services.GetRequiredService<ISubmissionStore>();
        Submission stored = (await store.GetAsync(submissionId, default))!;
        ReviewResult[] results = [new("task-design", "proficient"), new("rubric-alignment", "proficient"), new("student-work-analysis", "proficient")];
        Review review = new("review00000000000001", assessorId, results, "Good.", true, [], stored.CreatedAt);
        SubmissionRound decided = stored.Current with { Reviews = [review], Decision = new RoundDecision(SubmissionStates.Met, stored.CreatedAt, review.Id, []) };
        Submission met = stored with { State = SubmissionStates.Met, Rounds = [decided], Version = stored.Version + 1 };
        Assert.Equal(WriteOutcome.Written, await store.UpdateAsync(met, stored.Version, default));

        JsonObject completed = await Assess.GetAsync(program, issuerId, submissionId);
        string awardId = completed["awardId"]!.GetValue<string>();
        Assert.Single(await Journey.AwardIdsAsync(program, issuerId));

        // The process stopped after the award was issued and before its id was written: the repeat issues nothing new.
        Submission withAward = (await store.GetAsync(submissionId, default))!;
        Assert.Equal(WriteOutcome.Written, await store.UpdateAsync(withAward with { AwardId = null, Version = withAward.Version + 1 }, withAward.Version, default));
        JsonObject again = await Assess.GetAsync(program, issuerId, submissionId);
        Assert.Equal(awardId, again["awardId"]!.GetValue<string>());
        Assert.Equal(awardId, Assert.Single(await Journey.AwardIdsAsync(program, issuerId)));
    }

    [Fact]
    public async Task Published_feedback_goes_into_the_credential_and_every_step_is_in_the_audit_trail()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, reviewsRequired: 1, publishFeedback: true);
        (string assessorId, string key) = await Assess.AddAssessorAsync(program, issuerId, "Pat Public");
        string submissionId = (await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId)))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await Assess.ReviewAsync(api, key, issuerId, submissionId, Assess.ReviewBody("proficient", feedback: "A model task."))).StatusCode);

        JsonObject met = await Assess.GetAsync(program, issuerId, submissionId);
        JsonObject award = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/awards/{met["awardId"]!.GetValue<string>()}")).ReadObjectAsync();
        JsonObject feedback = award["credential"]!["evidence"]!.AsArray().Single(e => e!["genre"]?.GetValue<string>() == "Assessor feedback")!.AsObject();
        Assert.Equal("A model task.\n\nPerformance task design: Add accommodations for English learners.", feedback["narrative"]!.GetValue<string>());

        JsonObject audit = await (await program.GetAsync($"/api/v1/issuers/{issuerId}/audit")).ReadObjectAsync();
        string[] actions = [.. audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>())];
        foreach (string action in new[] { "assessor.created", "submission.submitted", "submission.assigned", "submission.reviewed", "submission.decided", "award.issued" })
            Assert.Contains(action, actions);
        JsonObject reviewed = audit["items"]!.AsArray().First(e => e!["action"]!.GetValue<string>() == "submission.reviewed")!.AsObject();
        Assert.Equal(assessorId, reviewed["targets"]!["assessorId"]!.GetValue<string>());
        Assert.DoesNotContain(Assess.TeacherEmail, audit.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_bodies_and_paths_get_a_problem_never_a_server_error()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, reviewsRequired: 1);
        (string _, string key) = await Assess.AddAssessorAsync(program, issuerId, "Hal Hostile");
        string submissionId = (await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId)))["id"]!.GetValue<string>();
        using HttpClient assessor = api.ClientWith(key);

        (HttpClient Client, HttpMethod Method, string Path, string? Body, HttpStatusCode Expected)[] cases =
        [
            (program, HttpMethod.Post, "submissions", $$$"""{"achievementId":"{{{achievementId}}}","candidate":{"email":"a@b.example"},"evidence":[null,null,null],"responses":[null]}""", HttpStatusCode.UnprocessableEntity),
            (program, HttpMethod.Post, "submissions", $$$"""{"achievementId":"{{{achievementId}}}","candidate":{"email":"a@b.example","name":"{{{new string('n', 5000)}}}"},"evidence":[{"narrative":"x"}]}""", HttpStatusCode.UnprocessableEntity),
            (program, HttpMethod.Post, "submissions", $$$"""{"achievementId":"{{{achievementId}}}","candidate":{"email":null}}""", HttpStatusCode.BadRequest),
            (program, HttpMethod.Post, "submissions", $$$"""{"achievementId":"{{{achievementId}}}","candidate":{"email":"a@b.example"},"evidence":{}}""", HttpStatusCode.BadRequest),
            (program, HttpMethod.Post, "submissions", "[[[[", HttpStatusCode.BadRequest),
            (program, HttpMethod.Post, "assessors", $$$"""{"name":"X","email":"x@y.example","expertise":[{{{string.Join(',', Enumerable.Repeat("\"t\"", 101))}}}]}""", HttpStatusCode.UnprocessableEntity),
            (program, HttpMethod.Post, "assessors", """{"name":"X","email":"x@y.example","conflicts":[null]}""", HttpStatusCode.UnprocessableEntity),
            (program, HttpMethod.Get, "assessors?cursor=../../etc", null, HttpStatusCode.BadRequest),
            (program, HttpMethod.Get, "assessors/" + new string('z', 3000), null, HttpStatusCode.NotFound),
            (program, HttpMethod.Get, "submissions/" + new string('z', 3000), null, HttpStatusCode.NotFound),
            (program, HttpMethod.Post, $"submissions/{new string('z', 3000)}:withdraw", null, HttpStatusCode.NotFound),
            (assessor, HttpMethod.Post, $"submissions/{submissionId}/reviews", """{"results":[null]}""", HttpStatusCode.UnprocessableEntity),
            (assessor, HttpMethod.Post, $"submissions/{submissionId}/reviews", """{"results":[{"resultDescription":"task-design","achievedLevel":"proficient","feedback":"  "}],"feedback":7}""", HttpStatusCode.BadRequest),
        ];
        foreach ((HttpClient client, HttpMethod method, string path, string? body, HttpStatusCode expected) in cases)
        {
            using HttpRequestMessage request = new(method, $"/api/v1/issuers/{issuerId}/{path}");
            if (body is not null) request.Content = Journey.Json(body);
            HttpResponseMessage response = await client.SendAsync(request);
            Assert.True(expected == response.StatusCode, $"{method} {path[..Math.Min(path.Length, 60)]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }
}
