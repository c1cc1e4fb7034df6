using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Mail;
using BadgeIssuer.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BadgeIssuer.Api.Tests.Mail;

/// <summary>
/// Issue 15, item 1: claim e-mails sent to a real SMTP server process (<see cref="SmtpCatcher"/>, aiosmtpd) by the
/// service's mail worker, read back and parsed with MimeKit: the headers, both alternatives, the inline badge picture and
/// the claim link that opens the claim page; the award's <c>delivery</c> through a failing SMTP server and its retry;
/// <c>"notify": false</c>; <c>:notify</c> and <c>:readdress</c>; SMTP AUTH.
/// </summary>
public sealed class ClaimMailTests : MailTestBase
{
    private const string Recipient = "jordan.lee@district.example.org";
    private ApiFactory Api(Dictionary<string, string> settings) => Own(ApiFactory.With(settings));

    private static async Task<JsonObject> AwardAsync(HttpClient client, string issuerId, string awardId) =>
        await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{awardId}")).ReadObjectAsync();

    /// <summary>Reads the award until its delivery is in <paramref name="state"/> (up to 30 seconds), and returns the award.</summary>
    private static async Task<JsonObject> DeliveryAsync(HttpClient client, string issuerId, string awardId, string state)
    {
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100))
        {
            JsonObject award = await AwardAsync(client, issuerId, awardId);
            if (award["delivery"]?["state"]?.GetValue<string>() == state) return award;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The delivery stayed {award["delivery"]?.ToJsonString() ?? "absent"}, not {state}.");
        }
    }

    private static string Id(JsonObject award) => award["id"]!.GetValue<string>();

    public static TheoryData<string, string, string> WrongEmailSettings => new()
    {
        { "SmtpHost", "smtp://mail.school.example", "BadgeIssuer:Email:SmtpHost must be a host name or IP address (no scheme, no port); found 'smtp://mail.school.example'." },
        { "SmtpPort", "0", "BadgeIssuer:Email:SmtpPort must be a TCP port between 1 and 65535; found 0." },
        { "From", "", "BadgeIssuer:Email:From must be set when BadgeIssuer:Email:SmtpHost is: the sender's address, e.g. badges@example.edu." },
        { "From", "badge office", "BadgeIssuer:Email:From must be one e-mail address, optionally with a display name (\"Badges\" <badges@example.edu>); found 'badge office'." },
        { "UserName", "badges", "BadgeIssuer:Email:UserName and BadgeIssuer:Email:Password must be set together (or neither, for a server that needs no login)." },
        { "MaxAttempts", "0", "BadgeIssuer:Email:MaxAttempts must be at least 1; found 0." },
    };

    [Theory, MemberData(nameof(WrongEmailSettings))]
    public void A_wrong_email_setting_stops_the_start_with_one_line_naming_it(string setting, string value, string expected)
    {
        using ApiFactory api = ApiFactory.With(new Dictionary<string, string>
        {
            ["BadgeIssuer:Email:SmtpHost"] = "mail.school.example",
            ["BadgeIssuer:Email:From"] = "badges@school.example",
            [$"BadgeIssuer:Email:{setting}"] = value,
        });

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => api.CreateClient());

        Assert.Equal(expected, refused.Message);
    }

    [Fact]
    public async Task An_award_to_an_email_address_is_mailed_with_its_badge_picture_and_a_claim_link_that_opens_the_claim_page()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start());
        ApiFactory api = Api(smtp.Settings());
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);
        Assert.Equal("queued", issued["delivery"]?["state"]?.GetValue<string>());
        string claimUrl = issued["links"]!["claim"]!.GetValue<string>();

        (MimeMessage mail, string[] recipients) = Assert.Single(await smtp.WaitForAsync(1));

        Assert.Equal([Recipient], recipients);
        Assert.Equal("\"Badge Office\" <badges@school.example>", mail.From.ToString());
        Assert.Equal(Recipient, Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("Jordan Lee", Assert.Single(mail.To.Mailboxes).Name);
        Assert.Contains("Performance Assessment Design", mail.Subject, StringComparison.Ordinal);
        Assert.Equal(api.Time.GetUtcNow(), mail.Date);
        Assert.EndsWith("@school.example", mail.MessageId, StringComparison.Ordinal);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);

        Assert.Contains(claimUrl, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("LinkedIn", mail.TextBody, StringComparison.Ordinal);
        string html = mail.HtmlBody!;
        Assert.Contains($"href=\"{claimUrl}\"", html, StringComparison.Ordinal);
        MimePart picture = Assert.Single(mail.BodyParts.OfType<MimePart>(), p => p.ContentType.MimeType == "image/png");
        Assert.Contains($"src=\"cid:{picture.ContentId}\"", html, StringComparison.Ordinal);
        using MemoryStream png = new();
        await picture.Content!.DecodeToAsync(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png.ToArray()[..4]);
        // No remote images, no tracking: the only image is the inline one, and the only links are the claim link.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<img "));
        Assert.All(System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value), href => Assert.Equal(claimUrl, href));

        JsonObject sent = await DeliveryAsync(client, issuerId, Id(issued), "sent");
        Assert.Equal(1, sent["delivery"]!["attempts"]!.GetValue<int>());
        Assert.NotNull(sent["delivery"]!["sentAt"]);
        using HttpClient browser = api.Anonymous();
        HttpResponseMessage page = await browser.GetAsync(claimUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Performance Assessment Design", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_SMTP_server_is_down_the_delivery_fails_with_its_reason_and_the_retry_sends_it()
    {
        int port = SmtpCatcher.FreePort();
        Dictionary<string, string> settings = new()
        {
            ["BadgeIssuer:Email:SmtpHost"] = "127.0.0.1",
            ["BadgeIssuer:Email:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BadgeIssuer:Email:UseTls"] = "None",
            ["BadgeIssuer:Email:From"] = "badges@school.example",
        };
        ApiFactory api = Api(settings);
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);

        JsonObject failed = await DeliveryAsync(client, issuerId, Id(issued), "failed");
        JsonNode delivery = failed["delivery"]!;
        Assert.Equal(1, delivery["attempts"]!.GetValue<int>());
        Assert.StartsWith("The SMTP server could not be reached", delivery["lastError"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Recipient, failed["delivery"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(api.Time.GetUtcNow().AddSeconds(30), delivery["nextAttemptAt"]!.GetValue<DateTimeOffset>());

        SmtpCatcher smtp = Own(SmtpCatcher.Start(port));
        api.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(Recipient, Assert.Single(await smtp.WaitForAsync(1)).Message.To.Mailboxes.Single().Address);
        JsonObject sent = await DeliveryAsync(client, issuerId, Id(issued), "sent");
        Assert.Equal(2, sent["delivery"]!["attempts"]!.GetValue<int>());
        Assert.Null(sent["delivery"]!["lastError"]);
        using HttpClient scraper = api.Anonymous();
        string metrics = await scraper.GetStringAsync(Hosting.Observability.MetricsPath);
        Assert.Matches("(?m)^badgeissuer_mails_total\\{[^}]*badgeissuer_mail_kind=\"claim\"[^}]*outcome=\"retry\"[^}]*\\} 1$", metrics);
        Assert.Matches("(?m)^badgeissuer_mails_total\\{[^}]*badgeissuer_mail_kind=\"claim\"[^}]*outcome=\"sent\"[^}]*\\} 1$", metrics);
    }

    [Fact]
    public async Task Notify_false_in_an_award_or_a_batch_entry_sends_no_mail()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start());
        ApiFactory api = Api(smtp.Settings());
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject quiet = Journey.AwardBody("requests/award-met.json", achievementId);
        quiet["notify"] = false;
        JsonObject silent = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(quiet))).ReadObjectAsync();
        Assert.Null(silent["delivery"]);
        Assert.NotNull(silent["links"]!["claim"]);
        JsonObject batchEntry = Journey.AwardBody("requests/award-met.json", achievementId);
        batchEntry["recipient"]!["email"] = "sam.quiet@district.example.org";
        batchEntry["notify"] = false;
        HttpResponseMessage batch = await client.PostAsync($"/api/v1/issuers/{issuerId}/award-batches", Journey.Json(new JsonObject { ["entries"] = new JsonArray(batchEntry) }));
        Assert.Equal(HttpStatusCode.Accepted, batch.StatusCode);
        JsonObject loud = Journey.AwardBody("requests/award-met.json", achievementId);
        loud["recipient"]!["email"] = "alex.loud@district.example.org";
        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(loud));

        Assert.Equal("alex.loud@district.example.org", Assert.Single(await smtp.WaitForAsync(1)).Recipients.Single());
        await api.SideEffectsDoneAsync();
        List<string> awardIds = await Journey.AwardIdsAsync(client, issuerId);
        Assert.Equal(3, awardIds.Count);
        IReadOnlyDictionary<string, MailJob> jobs = await api.Services.GetRequiredService<IMailStore>().LatestAsync(awardIds, default);
        Assert.Single(jobs);
        Assert.Single(await smtp.MessagesAsync());
    }

    [Fact]
    public async Task Notify_sends_the_claim_mail_again_and_refuses_what_cannot_be_mailed()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start());
        ApiFactory api = Api(smtp.Settings());
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);
        await smtp.WaitForAsync(1);
        await DeliveryAsync(client, issuerId, Id(issued), "sent");

        HttpResponseMessage resent = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:notify", null);
        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        Assert.Equal("queued", (await resent.ReadObjectAsync())["delivery"]!["state"]!.GetValue<string>());
        List<(MimeMessage Message, string[] Recipients)> mails = await smtp.WaitForAsync(2);
        Assert.Equal([Recipient], mails[1].Recipients);
        Assert.Contains(issued["links"]!["claim"]!.GetValue<string>(), mails[1].Message.TextBody, StringComparison.Ordinal);
        await DeliveryAsync(client, issuerId, Id(issued), "sent");
        using HttpClient admin = api.Admin();
        JsonArray trail = (await (await admin.GetAsync($"/api/v1/issuers/{issuerId}/audit")).ReadObjectAsync())["items"]!.AsArray();
        JsonNode notified = Assert.Single(trail, e => e!["action"]!.GetValue<string>() == "award.notified")!;
        Assert.Equal(Id(issued), notified["targets"]!["awardId"]!.GetValue<string>());
        Assert.DoesNotContain(Recipient, trail.ToJsonString(), StringComparison.Ordinal);

        JsonObject byId = Journey.AwardBody("requests/award-met.json", (await AwardAsync(client, issuerId, Id(issued)))["achievementId"]!.GetValue<string>());
        byId["recipient"] = new JsonObject { ["id"] = "did:example:learner-7" };
        JsonObject withoutEmail = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(byId))).ReadObjectAsync();
        HttpResponseMessage nowhere = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(withoutEmail)}:notify", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nowhere.StatusCode);
        Assert.Contains("without an e-mail address", await nowhere.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:notify", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/nosuchaward:notify", null)).StatusCode);
    }

    [Fact]
    public async Task Notify_renews_an_expired_claim_link_and_mails_the_new_one()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start());
        ApiFactory api = Api(smtp.Settings());
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);
        string oldLink = issued["links"]!["claim"]!.GetValue<string>();
        await smtp.WaitForAsync(1);
        await DeliveryAsync(client, issuerId, Id(issued), "sent");
        api.Time.Advance(TimeSpan.FromDays(15));
        Assert.Null((await AwardAsync(client, issuerId, Id(issued)))["links"]!["claim"]);

        HttpResponseMessage resent = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:notify", null);

        Assert.Equal(HttpStatusCode.Accepted, resent.StatusCode);
        string newLink = (await resent.ReadObjectAsync())["links"]!["claim"]!.GetValue<string>();
        Assert.NotEqual(oldLink, newLink);
        string text = (await smtp.WaitForAsync(2))[1].Message.TextBody!;
        Assert.Contains(newLink, text, StringComparison.Ordinal);
        Assert.DoesNotContain(oldLink, text, StringComparison.Ordinal);
        using HttpClient browser = api.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(newLink)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(oldLink)).StatusCode);
    }

    [Fact]
    public async Task Notify_without_mail_configured_says_so()
    {
        ApiFactory api = Own(new ApiFactory());
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);
        Assert.Null(issued["delivery"]);
        Assert.NotNull(issued["links"]!["claim"]);

        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:notify", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Mail is not configured", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readdress_reissues_the_badge_to_the_new_address_revokes_the_old_one_and_mails_the_new_one()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start());
        ApiFactory api = Api(smtp.Settings());
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);
        await smtp.WaitForAsync(1);

        HttpResponseMessage refused = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:readdress", Journey.Json("""{"email": "not an address"}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        HttpResponseMessage response = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{Id(issued)}:readdress", Journey.Json("""{"email": "j.lee@home.example.net"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject replacement = await response.ReadObjectAsync();
        Assert.Equal(Id(issued), replacement["supersedes"]!.GetValue<string>());
        JsonObject old = await AwardAsync(client, issuerId, Id(issued));
        Assert.Equal("superseded", old["revoked"]!["reason"]!.GetValue<string>());
        Assert.Null(old["links"]!["claim"]);
        JsonNode subject = replacement["credential"]!["credentialSubject"]!;
        JsonNode oldSubject = issued["credential"]!["credentialSubject"]!;
        Assert.Equal(oldSubject["result"]!.ToJsonString(), subject["result"]!.ToJsonString());
        Assert.Equal(oldSubject["narrative"]!.ToJsonString(), subject["narrative"]!.ToJsonString());
        Assert.Equal(issued["credential"]!["evidence"]!.ToJsonString(), replacement["credential"]!["evidence"]!.ToJsonString());
        Assert.NotEqual(oldSubject["identifier"]!.ToJsonString(), subject["identifier"]!.ToJsonString());

        List<(MimeMessage Message, string[] Recipients)> mails = await smtp.WaitForAsync(2);
        Assert.Equal(["j.lee@home.example.net"], mails[1].Recipients);
        Assert.Contains(replacement["links"]!["claim"]!.GetValue<string>(), mails[1].Message.TextBody, StringComparison.Ordinal);
        await DeliveryAsync(client, issuerId, Id(replacement), "sent");
    }

    [Fact]
    public async Task The_service_logs_in_to_an_SMTP_server_that_requires_it_and_a_wrong_password_fails_the_delivery()
    {
        SmtpCatcher smtp = Own(SmtpCatcher.Start("badges", "s3cret-pass"));
        ApiFactory api = Api(smtp.Settings("badges", "s3cret-pass"));
        (string issuerId, HttpClient client, JsonObject issued) = await Journey.IssueSampleAsync(api);
        Assert.Equal([Recipient], Assert.Single(await smtp.WaitForAsync(1)).Recipients);
        await DeliveryAsync(client, issuerId, Id(issued), "sent");

        ApiFactory wrong = Api(smtp.Settings("badges", "wrong-pass"));
        (string otherIssuer, HttpClient otherClient, JsonObject other) = await Journey.IssueSampleAsync(wrong);
        JsonObject failed = await DeliveryAsync(otherClient, otherIssuer, Id(other), "failed");
        string reason = failed["delivery"]!["lastError"]!.GetValue<string>();
        Assert.Contains("refused the login", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pass", reason, StringComparison.Ordinal);
        Assert.Single(await smtp.MessagesAsync());
    }
}
