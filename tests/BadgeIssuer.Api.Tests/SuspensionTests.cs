using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Api.Tests;

/// <summary>Suspension through a second signed W3C Bitstring Status List: set, seen everywhere, and lifted again.</summary>
public sealed class SuspensionTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public SuspensionTests(ApiFactory api) => _api = api;

    private static string[] StatusCodes(JsonObject report) =>
        [.. report["checks"]!.AsArray().Where(c => c!["check"]!.GetValue<string>() == "status").Select(c => c!["code"]!.GetValue<string>())];

    private static string Path(string issuerId, JsonObject award, string action) => $"/api/v1/issuers/{issuerId}/awards/{award["id"]}:{action}";

    [Fact]
    public async Task Every_credential_carries_a_suspension_entry_in_its_own_signed_list_and_verifies()
    {
        (_, _, JsonObject award) = await Journey.IssueSampleAsync(_api);
        JsonObject revocation = RevocationTests.Entry(award, "revocation");
        JsonObject suspension = RevocationTests.Entry(award, "suspension");
        using HttpClient anonymous = _api.Anonymous();

        JsonObject list = await (await anonymous.GetAsync(suspension["statusListCredential"]!.GetValue<string>())).ReadObjectAsync();
        JsonObject report = await Journey.VerifyAsync(_api, award);

        Assert.Equal("BitstringStatusListEntry", suspension["type"]!.GetValue<string>());
        Assert.NotEqual(revocation["statusListCredential"]!.GetValue<string>(), suspension["statusListCredential"]!.GetValue<string>());
        Assert.Equal("suspension", list["credentialSubject"]!["statusPurpose"]!.GetValue<string>());
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal(["not-revoked", "not-suspended"], StatusCodes(report));
        Assert.True(ObSchemas.ValidateAchievementCredentialWithStatusSet(award["credential"]!.AsObject()).IsValid);
    }

    [Fact]
    public async Task A_suspended_badge_is_invalid_until_the_suspension_is_lifted()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage suspended = await client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "Under review by the program."}"""));
        JsonObject whileSuspended = await Journey.VerifyAsync(_api, award);
        using HttpRequestMessage page = new(HttpMethod.Get, award["links"]!["credential"]!.GetValue<string>());
        page.Headers.Accept.ParseAdd("text/html");
        string html = await (await anonymous.SendAsync(page)).Content.ReadAsStringAsync();
        HttpResponseMessage lifted = await client.PostAsync(Path(issuerId, award, "unsuspend"), null);
        JsonObject afterwards = await Journey.VerifyAsync(_api, award);

        Assert.Equal(HttpStatusCode.OK, suspended.StatusCode);
        Assert.Equal("Under review by the program.", (await suspended.ReadObjectAsync())["suspended"]!["reason"]!.GetValue<string>());
        Assert.Equal("invalid", whileSuspended["status"]!.GetValue<string>());
        Assert.Contains("suspended", StatusCodes(whileSuspended));
        Assert.Contains("<strong>Suspended</strong>", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, lifted.StatusCode);
        Assert.Null((await lifted.ReadObjectAsync())["suspended"]);
        Assert.Equal("valid", afterwards["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Suspending_twice_keeps_the_first_reason_and_other_issuers_cannot_suspend()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        (_, HttpClient other, _) = await Journey.IssueSampleAsync(_api);

        await client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "First."}"""));
        JsonObject again = await (await client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "Second."}"""))).ReadObjectAsync();
        HttpResponseMessage foreign = await other.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "Not mine."}"""));
        HttpResponseMessage foreignLift = await other.PostAsync(Path(issuerId, award, "unsuspend"), null);

        Assert.Equal("First.", again["suspended"]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignLift.StatusCode);
        Assert.Contains("suspended", StatusCodes(await Journey.VerifyAsync(_api, award)));
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"reason": "  "}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("""[1]""", HttpStatusCode.BadRequest)]
    public async Task A_suspension_without_a_reason_is_refused_with_a_problem(string body, HttpStatusCode status)
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);

        HttpResponseMessage response = await client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json(body));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_revoked_badge_cannot_be_suspended()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);
        await client.PostAsync(Path(issuerId, award, "revoke"), Journey.Json("""{"reason": "Issued in error."}"""));

        HttpResponseMessage response = await client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "Too late."}"""));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Racing_suspensions_and_lifts_leave_the_list_agreeing_with_the_award()
    {
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(_api);

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => i % 2 == 0
            ? client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "Review."}"""))
            : client.PostAsync(Path(issuerId, award, "unsuspend"), null)));
        JsonObject stored = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards/{award["id"]}")).ReadObjectAsync();

        Assert.Equal(stored["suspended"] is null ? "not-suspended" : "suspended", StatusCodes(await Journey.VerifyAsync(_api, award))[1]);
    }

    [Fact]
    public async Task With_suspension_off_a_credential_carries_the_single_entry_the_ob_schema_expects()
    {
        using ApiFactory strict = ApiFactory.With(new Dictionary<string, string> { ["BadgeIssuer:Status:Suspension"] = "false" });
        (string issuerId, HttpClient client, JsonObject award) = await Journey.IssueSampleAsync(strict);

        HttpResponseMessage suspend = await client.PostAsync(Path(issuerId, award, "suspend"), Journey.Json("""{"reason": "Review."}"""));

        JsonObject credential = award["credential"]!.AsObject();
        Assert.Equal("revocation", credential["credentialStatus"]!.AsObject()["statusPurpose"]!.GetValue<string>());
        Assert.True(ObSchemas.ValidateAchievementCredential(credential).IsValid);
        Assert.Equal(HttpStatusCode.Conflict, suspend.StatusCode);
    }
}
