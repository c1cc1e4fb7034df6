using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests.Assessment;

/// <summary>The webhooks of submission and review, delivered to a real receiver once each change is stored.</summary>
public sealed class SubmissionWebhookTests
{
    [Fact]
    public async Task Submitted_reviewed_and_decided_are_delivered_and_the_decision_names_the_award()
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Webhooks:AllowPrivateNetworks"] = "true" });
        using Receiver receiver = new(HttpStatusCode.OK);
        (string issuerId, string achievementId, HttpClient program) = await Assess.ReadyAsync(api, reviewsRequired: 1);
        using HttpClient admin = api.Admin();
        HttpResponseMessage subscribed = await admin.PostAsync($"/api/v1/issuers/{issuerId}/webhooks", Journey.Json(new JsonObject
        {
            ["url"] = receiver.Url, ["events"] = new JsonArray("submission.submitted", "submission.reviewed", "submission.decided"),
        }));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        (string assessorId, string key) = await Assess.AddAssessorAsync(program, issuerId, "Wes Webhook");

        string submissionId = (await Assess.SubmitAsync(program, issuerId, Assess.SubmissionBody(achievementId)))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await Assess.ReviewAsync(api, key, issuerId, submissionId, Assess.ReviewBody("developing"))).StatusCode);
        await receiver.WaitForAsync(3);

        JsonObject[] deliveries = [.. receiver.Received.Select(r => JsonNode.Parse(r.Body)!.AsObject())];
        Assert.Equal(["submission.decided", "submission.reviewed", "submission.submitted"], deliveries.Select(d => d["type"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        JsonObject reviewed = deliveries.Single(d => d["type"]!.GetValue<string>() == "submission.reviewed")["data"]!.AsObject();
        Assert.Equal((submissionId, assessorId, false), (reviewed["submissionId"]!.GetValue<string>(), reviewed["assessorId"]!.GetValue<string>(), reviewed["met"]!.GetValue<bool>()));
        JsonObject decided = deliveries.Single(d => d["type"]!.GetValue<string>() == "submission.decided")["data"]!.AsObject();
        Assert.Equal(("not-yet-met", 1, achievementId), (decided["state"]!.GetValue<string>(), decided["round"]!.GetValue<int>(), decided["achievementId"]!.GetValue<string>()));
        Assert.Null(decided["awardId"]);
        Assert.DoesNotContain(Assess.TeacherEmail, string.Join('\n', receiver.Received.Select(r => r.Body)), StringComparison.Ordinal);
    }
}
