using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests.Assessment;

/// <summary>
/// Issue 16's "Done when": the whole loop against the running service, from a submission through a split review, a
/// tie-break, feedback and a resubmission to the badge issued with the submission in its evidence and results.
/// </summary>
public sealed class ReviewLoopTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_submission_goes_from_a_split_review_and_resubmission_to_a_valid_badge_carrying_its_evidence_and_results()
    {
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api);
        (string sameSchool1, _) = await Assess.AddAssessorAsync(program, issuerId, "Sam School", organization: "lincoln high");
        (string sameSchool2, _) = await Assess.AddAssessorAsync(program, issuerId, "Sue School", organization: Assess.School);
        (string conflicted, _) = await Assess.AddAssessorAsync(program, issuerId, "Carl Conflict", conflicts: [Assess.TeacherEmail, "bo.teacher@lincoln.example"]);
        Dictionary<string, string> keys = [];
        foreach (string name in new[] { "Eve One", "Eli Two", "Emma Three", "Ezra Four" })
        {
            (string id, string key) = await Assess.AddAssessorAsync(program, issuerId, name);
            keys[id] = key;
        }

        JsonObject submission = await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId));
        string submissionId = submission["id"]!.GetValue<string>();
        Assert.Equal("submitted", submission["state"]!.GetValue<string>());
        Assert.Equal(Assess.TeacherEmail, submission["candidate"]!["email"]!.GetValue<string>());
        Assert.StartsWith(ApiFactory.BaseUrl + "/submit/" + submissionId + ".", submission["links"]!["teacher"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("/review/", submission.ToJsonString(), StringComparison.Ordinal);
        string[] firstTwo = Assess.Assigned(submission);
        Assert.Equal(2, firstTwo.Length);
        Assert.All(firstTwo, id => Assert.Contains(id, keys.Keys));
        Assert.DoesNotContain(sameSchool1, firstTwo);
        Assert.DoesNotContain(sameSchool2, firstTwo);
        Assert.DoesNotContain(conflicted, firstTwo);

        // The assessor sees its assignment, and the submission without the teacher's e-mail address or link.
        using (HttpClient assessor = api.ClientWith(keys[firstTwo[0]]))
        {
            JsonArray assignments = JsonNode.Parse(await assessor.GetStringAsync($"/api/v1/issuers/{issuerId}/assignments"))!.AsArray();
            Assert.Equal(submissionId, Assert.Single(assignments)!["submissionId"]!.GetValue<string>());
            JsonObject seen = await Assess.GetAsync(assessor, issuerId, submissionId);
            Assert.Null(seen["candidate"]!["email"]);
            Assert.Null(seen["links"]!["teacher"]);
        }

        HttpResponseMessage met = await Assess.ReviewAsync(api, keys[firstTwo[0]], issuerId, submissionId, Assess.ReviewBody("proficient"));
        Assert.Equal(HttpStatusCode.Created, met.StatusCode);
        Assert.Equal("in-review", (await met.ReadObjectAsync())["state"]!.GetValue<string>());
        HttpResponseMessage again = await Assess.ReviewAsync(api, keys[firstTwo[0]], issuerId, submissionId, Assess.ReviewBody("proficient"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        HttpResponseMessage notMet = await Assess.ReviewAsync(api, keys[firstTwo[1]], issuerId, submissionId, Assess.ReviewBody("proficient", taskLevel: "developing"));
        Assert.Equal(HttpStatusCode.Created, notMet.StatusCode);
        JsonObject split = await Assess.GetAsync(program, issuerId, submissionId);
        Assert.Equal("in-review", split["state"]!.GetValue<string>());
        string[] three = Assess.Assigned(split);
        Assert.Equal(3, three.Length);
        Assert.Equal(firstTwo, three[..2]);
        Assert.Contains(three[2], keys.Keys);
        Assert.True(split["rounds"]![0]!["assessors"]![2]!["tieBreak"]!.GetValue<bool>());

        HttpResponseMessage tieBreak = await Assess.ReviewAsync(api, keys[three[2]], issuerId, submissionId, Assess.ReviewBody("developing", feedback: "The rubric needs observable descriptors."));
        Assert.Equal(HttpStatusCode.Created, tieBreak.StatusCode);
        JsonObject decided = await Assess.GetAsync(program, issuerId, submissionId);
        Assert.Equal("not-yet-met", decided["state"]!.GetValue<string>());
        JsonObject decision = decided["rounds"]![0]!["decision"]!.AsObject();
        Assert.Equal("not-yet-met", decision["outcome"]!.GetValue<string>());
        JsonArray reviews = decided["rounds"]![0]!["reviews"]!.AsArray();
        Assert.Equal(reviews[1]!["id"]!.GetValue<string>(), decision["decidingReviewId"]!.GetValue<string>());
        Assert.Equal("Add accommodations for English learners.", reviews[1]!["results"]![0]!["feedback"]!.GetValue<string>());
        Assert.Equal("The rubric needs observable descriptors.", reviews[2]!["feedback"]!.GetValue<string>());
        Assert.Null(decided["awardId"]);

        using ByteArrayContent pdf = new("%PDF-1.4\n% the revised lesson plan\n"u8.ToArray());
        pdf.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/pdf");
        HttpResponseMessage uploaded = await program.PostAsync($"/api/v1/issuers/{issuerId}/evidence-files?name=lesson-plan.pdf", pdf);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        JsonObject file = await uploaded.ReadObjectAsync();
        string fileId = file["id"]!.GetValue<string>();
        JsonArray secondEvidence = Assess.Evidence("second", 2);
        secondEvidence.Add(new JsonObject { ["fileId"] = fileId, ["narrative"] = "The plan with accommodations.", ["genre"] = "Lesson plan" });
        HttpResponseMessage resubmitted = await program.PostAsync($"/api/v1/issuers/{issuerId}/submissions/{submissionId}:resubmit", Journey.Json(new JsonObject
        {
            ["evidence"] = secondEvidence,
            ["responses"] = new JsonArray(new JsonObject { ["resultDescription"] = "task-design", ["text"] = "I added accommodations." }),
        }));
        Assert.Equal(HttpStatusCode.OK, resubmitted.StatusCode);
        JsonObject round2 = await resubmitted.ReadObjectAsync();
        Assert.Equal("submitted", round2["state"]!.GetValue<string>());
        Assert.Equal(2, round2["rounds"]!.AsArray().Count);
        JsonObject fileEvidence = round2["rounds"]![1]!["evidence"]![2]!.AsObject();
        Assert.Equal(file["sha256"]!.GetValue<string>(), fileEvidence["sha256"]!.GetValue<string>());
        Assert.Equal("application/pdf", fileEvidence["contentType"]!.GetValue<string>());
        Assert.Equal("lesson-plan.pdf", fileEvidence["name"]!.GetValue<string>());
        Assert.Equal($"{ApiFactory.BaseUrl}/evidence/{fileId}", fileEvidence["fileUrl"]!.GetValue<string>());
        string[] secondTwo = Assess.Assigned(round2);
        Assert.Equal(2, secondTwo.Length);
        Assert.All(secondTwo, id => Assert.Contains(id, keys.Keys));

        Assert.Equal(HttpStatusCode.Created, (await Assess.ReviewAsync(api, keys[secondTwo[0]], issuerId, submissionId, Assess.ReviewBody("exemplary"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Assess.ReviewAsync(api, keys[secondTwo[1]], issuerId, submissionId, Assess.ReviewBody("proficient"))).StatusCode);
        JsonObject done = await Assess.GetAsync(program, issuerId, submissionId);
        Assert.Equal("met", done["state"]!.GetValue<string>());
        string awardId = done["awardId"]!.GetValue<string>();
        Assert.EndsWith($"/api/v1/issuers/{issuerId}/awards/{awardId}", done["links"]!["award"]!.GetValue<string>(), StringComparison.Ordinal);

        HttpResponseMessage awardResponse = await program.GetAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}");
        Assert.Equal(HttpStatusCode.OK, awardResponse.StatusCode);
        JsonObject award = await awardResponse.ReadObjectAsync();
        JsonObject credential = award["credential"]!.AsObject();
        string[] evidenceIds = [.. credential["evidence"]!.AsArray().Select(e => e!["id"]?.GetValue<string>()).OfType<string>()];
        Assert.Equal(["https://portfolio.example/second/1", "https://portfolio.example/second/2", $"{ApiFactory.BaseUrl}/evidence/{fileId}"], evidenceIds);
        JsonObject answer = credential["evidence"]!.AsArray().Single(e => e!["id"] is null)!.AsObject();
        Assert.Equal("Performance task design", answer["name"]!.GetValue<string>());
        Assert.Equal("I added accommodations.", answer["narrative"]!.GetValue<string>());
        Assert.DoesNotContain("Add accommodations for English learners.", credential.ToJsonString(), StringComparison.Ordinal);
        JsonObject subject = credential["credentialSubject"]!.AsObject();
        Assert.All(subject["result"]!.AsArray(), r => Assert.EndsWith("-level-exemplary", r!["achievedLevel"]!.GetValue<string>(), StringComparison.Ordinal));
        Assert.Equal(3, subject["result"]!.AsArray().Count);
        Assert.Equal("Profile", subject["source"]!["type"]![0]!.GetValue<string>());
        Assert.StartsWith("urn:uuid:", subject["source"]!["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(done["rounds"]![1]!["assessors"]![0]!["name"]!.GetValue<string>(), subject["source"]!["name"]!.GetValue<string>());
        Assert.Equal("valid", (await Journey.VerifyAsync(api, award))["status"]!.GetValue<string>());

        // A removed assessor's key is refused; another assessor's key cannot review a submission it is not assigned to.
        JsonObject next = await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId, "other", email: "bo.teacher@lincoln.example"));
        string nextId = next["id"]!.GetValue<string>();
        string[] nextTwo = Assess.Assigned(next);
        string outsider = keys.Keys.First(k => !nextTwo.Contains(k));
        HttpResponseMessage forbidden = await Assess.ReviewAsync(api, keys[outsider], issuerId, nextId, Assess.ReviewBody("proficient"));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("not-assigned", Assess.ProblemType(await forbidden.ReadObjectAsync()));

        Assert.Equal(HttpStatusCode.OK, (await program.DeleteAsync($"/api/v1/issuers/{issuerId}/assessors/{nextTwo[0]}")).StatusCode);
        HttpResponseMessage revoked = await Assess.ReviewAsync(api, keys[nextTwo[0]], issuerId, nextId, Assess.ReviewBody("proficient"));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        string[] reassigned = Assess.Assigned(await Assess.GetAsync(program, issuerId, nextId));
        Assert.Equal(2, reassigned.Length);
        Assert.DoesNotContain(nextTwo[0], reassigned);
        Assert.Contains(nextTwo[1], reassigned);
    }
}
