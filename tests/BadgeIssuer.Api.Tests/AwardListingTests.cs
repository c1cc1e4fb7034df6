using System.Net;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Tests;

/// <summary><c>GET .../awards</c>: by achievement, recipient and date, oldest first, with cursors.</summary>
public sealed class AwardListingTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public AwardListingTests(ApiFactory api) => _api = api;

    [Fact]
    public async Task Awards_list_by_recipient_and_date_across_pages_and_only_for_their_issuer()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        List<string> ada = [];
        for (int i = 0; i < 5; i++)
        {
            JsonObject body = Journey.AwardBody("requests/award-met.json", achievementId);
            body["recipient"]!["email"] = i % 2 == 0 ? "Ada@District.example" : $"other{i}@district.example";
            JsonObject award = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(body))).ReadObjectAsync();
            if (i % 2 == 0) ada.Add(award["id"]!.GetValue<string>());
            _api.Time.Advance(TimeSpan.FromMinutes(1));
        }

        List<string> seen = [];
        string? cursor = null;
        do
        {
            JsonObject page = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?recipient=ada%40district.example&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadObjectAsync();
            seen.AddRange(page["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        JsonObject all = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?achievementId={achievementId}&issuedFrom=2000-01-01T00:00:00Z")).ReadObjectAsync();
        JsonObject none = await (await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?issuedUntil=2000-01-01T00:00:00Z")).ReadObjectAsync();
        (string otherIssuer, _, HttpClient other) = await Journey.ReadyIssuerAsync(_api);
        HttpResponseMessage foreign = await other.GetAsync($"/api/v1/issuers/{issuerId}/awards");
        HttpResponseMessage badCursor = await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?cursor=nonsense");
        HttpResponseMessage badDate = await client.GetAsync($"/api/v1/issuers/{issuerId}/awards?issuedFrom=yesterday");

        Assert.Equal(ada, seen);
        Assert.Equal(5, all["items"]!.AsArray().Count);
        Assert.Empty(none["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badDate.StatusCode);
        Assert.NotEqual(otherIssuer, issuerId);
    }
}
