using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Credentials.Codecs;
using BadgeIssuer.Credentials.Keys;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// A CLR 2.0 ClrCredential handed to <c>POST /api/v1/verify</c> and to the verify page: two badges this service issued to
/// one teacher, one of them revoked since, packed into a CLR signed by a did:key issuer. The answer carries a report for
/// each credential, and the revoked one is named without making the CLR invalid.
/// </summary>
public sealed class ClrVerifyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<JsonObject> ClrOfTwoBadgesOneRevokedAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(api);
        JsonObject kept = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        JsonObject revoked = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        HttpResponseMessage revoking = await client.PostAsync($"/api/v1/issuers/{issuerId}/awards/{revoked["id"]}:revoke", Journey.Json("""{"reason": "Issued twice."}"""));
        Assert.Equal(HttpStatusCode.OK, revoking.StatusCode);

        // The CLR's issuer is a did:key, which proves its own key; the learner is named by both badges' identifiers.
        GeneratedKey key = KeyGenerator.GenerateEd25519();
        string multibase = Multikey.EncodeEd25519PublicKey(Base64Url.Decode(key.PublicJwk["x"]!.GetValue<string>()));
        string did = "did:key:" + multibase;
        JsonObject[] badges = [kept["credential"]!.DeepClone().AsObject(), revoked["credential"]!.DeepClone().AsObject()];
        JsonObject clr = new()
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"),
            ["id"] = "urn:uuid:6c3f4a0e-2b1d-4c55-9a3e-0d8f7b1e2c44",
            ["type"] = new JsonArray("VerifiableCredential", "ClrCredential"),
            ["issuer"] = new JsonObject { ["id"] = did, ["type"] = new JsonArray("Profile"), ["name"] = "Jordan's wallet" },
            ["validFrom"] = "2026-11-01T00:00:00Z",
            ["name"] = "Teaching record of Jordan Lee",
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("ClrSubject"),
                ["identifier"] = new JsonArray([.. badges.SelectMany(b => b["credentialSubject"]!["identifier"]!.AsArray().Select(i => i!.DeepClone()))]),
                ["verifiableCredential"] = new JsonArray([.. badges]),
            },
        };
        return new EddsaDataIntegrity().AddProof(clr, DataIntegritySuites.EddsaRdfc2022, $"{did}#{multibase}", api.Time.GetUtcNow().AddDays(-1), key.PrivateKey, asArray: true);
    }

    private static JsonObject Check(JsonObject report, string check) =>
        report["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == check)!.AsObject();

    [Fact]
    public async Task Verify_answers_a_clr_with_a_report_for_each_credential_and_names_the_revoked_one()
    {
        JsonObject clr = await ClrOfTwoBadgesOneRevokedAsync();
        using HttpClient anonymous = api.Anonymous();

        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", Journey.Json(new JsonObject { ["credential"] = clr }));
        JsonObject report = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(report["verified"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal("schema-valid", Check(report, "schema")["code"]!.GetValue<string>());
        Assert.Equal("warning", Check(report, "credentials")["status"]!.GetValue<string>());
        Assert.Contains("Basic Performance Assessment Design is revoked", Check(report, "credentials")["message"]!.GetValue<string>(), StringComparison.Ordinal);
        JsonArray credentials = report["credentials"]!.AsArray();
        Assert.Equal(["valid", "invalid"], credentials.Select(c => c!["status"]!.GetValue<string>()));
        Assert.Contains(credentials[1]!["checks"]!.AsArray(), c => c!["check"]!.GetValue<string>() == "status" && c["code"]!.GetValue<string>() == "revoked");
        Assert.Equal("learner-matched", Check(credentials[0]!.AsObject(), "learner")["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_verify_page_lists_the_credentials_of_a_clr_with_their_verdicts()
    {
        JsonObject clr = await ClrOfTwoBadgesOneRevokedAsync();
        using HttpClient anonymous = api.Anonymous();

        HttpResponseMessage response = await anonymous.PostAsync("/verify", new FormUrlEncodedContent([new("credential", clr.ToJsonString())]));
        string page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dt>Name</dt><dd>Teaching record of Jordan Lee</dd>", page, StringComparison.Ordinal);
        Assert.Contains("<h3>Credentials in this record (2)</h3>", page, StringComparison.Ordinal);
        Assert.Contains("<h4>Basic Performance Assessment Design: Valid</h4>", page, StringComparison.Ordinal);
        Assert.Contains("<h4>Basic Performance Assessment Design: Revoked</h4>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_gives_the_report_its_credentials_in_the_shape_of_its_endorsements()
    {
        using HttpClient anonymous = api.Anonymous();
        JsonObject document = await (await anonymous.GetAsync("/swagger/v1/swagger.json")).ReadObjectAsync();

        JsonObject report = document["components"]!["schemas"]!.AsObject()
            .Select(s => s.Value!.AsObject()).Single(s => s["properties"]?["endorsements"] is not null);
        JsonObject credentials = report["properties"]!["credentials"]!.AsObject();

        Assert.True(JsonNode.DeepEquals(report["properties"]!["endorsements"]!["items"], credentials["items"]), credentials.ToJsonString());
        Assert.Contains("CLR", document["paths"]!["/api/v1/verify"]!["post"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>The teacher's record as this service issues it: four micro-credentials and the certificate they stack into.</summary>
    internal static async Task<(Pathway Pathway, string[] Micros, JsonObject Record)> IssuedRecordAsync(ApiFactory api)
    {
        Pathway pathway = await Pathway.CreateAsync(api, Scopes.ClrsIssue);
        List<string> micros = [];
        foreach (string achievementId in pathway.Micros)
            micros.Add((await (await pathway.AwardAsync(achievementId)).ReadObjectAsync())["id"]!.GetValue<string>());
        await api.SideEffectsDoneAsync();
        HttpResponseMessage issued = await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clr", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        return (pathway, [.. micros], await issued.ReadObjectAsync());
    }

    private async Task<JsonObject> VerifyAsync(JsonObject credential)
    {
        using HttpClient anonymous = api.Anonymous();
        return await (await anonymous.PostAsync("/api/v1/verify", Journey.Json(new JsonObject { ["credential"] = credential.DeepClone() }))).ReadObjectAsync();
    }

    [Fact]
    public async Task A_record_this_service_issued_verifies_with_its_five_credentials_and_a_badge_revoked_later_is_named()
    {
        (Pathway pathway, string[] micros, JsonObject record) = await IssuedRecordAsync(api);

        JsonObject report = await VerifyAsync(record["credential"]!.AsObject());

        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("schema-valid", Check(report, "schema")["code"]!.GetValue<string>());
        Assert.Equal("key-provenance-verified", Check(report, "key-provenance")["code"]!.GetValue<string>());
        Assert.Equal("credentials-valid", Check(report, "credentials")["code"]!.GetValue<string>());
        Assert.Equal(5, report["credentials"]!.AsArray().Count);
        Assert.All(report["credentials"]!.AsArray(), c => Assert.Equal("valid", c!["status"]!.GetValue<string>()));
        Assert.All(report["credentials"]!.AsArray(), c => Assert.Equal("learner-matched", Check(c!.AsObject(), "learner")["code"]!.GetValue<string>()));

        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[1]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        JsonObject later = await VerifyAsync(record["credential"]!.AsObject());

        Assert.Equal("valid", later["status"]!.GetValue<string>());
        Assert.Equal("credential-invalid", Check(later, "credentials")["code"]!.GetValue<string>());
        Assert.Contains("Rubric design is revoked", Check(later, "credentials")["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(4, later["credentials"]!.AsArray().Count(c => c!["status"]!.GetValue<string>() == "valid"));
    }

    [Fact]
    public async Task A_revoked_record_is_invalid_and_the_badges_inside_it_stay_valid()
    {
        (Pathway pathway, _, JsonObject record) = await IssuedRecordAsync(api);
        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/clrs/{record["id"]}:revoke", Journey.Json("""{"reason": "Replaced by a newer record."}"""));

        JsonObject report = await VerifyAsync(record["credential"]!.AsObject());

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("revoked", Check(report, "status")["code"]!.GetValue<string>());
        Assert.All(report["credentials"]!.AsArray(), c => Assert.Equal("valid", c!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_partial_record_with_its_inline_partial_term_verifies()
    {
        (Pathway pathway, string[] micros, _) = await IssuedRecordAsync(api);
        HttpResponseMessage issued = await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clr",
            Journey.Json(new JsonObject { ["awardIds"] = new JsonArray(micros[0], micros[2]) }));
        JsonObject partial = (await issued.ReadObjectAsync())["credential"]!.AsObject();

        JsonObject report = await VerifyAsync(partial);

        Assert.True(partial["partial"]!.GetValue<bool>());
        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("schema-valid", Check(report, "schema")["code"]!.GetValue<string>());
        Assert.Equal(2, report["credentials"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_records_baked_png_verifies_as_the_record_with_a_report_for_each_credential()
    {
        (_, _, JsonObject record) = await IssuedRecordAsync(api);
        using HttpClient anonymous = api.Anonymous();
        ByteArrayContent png = new(await anonymous.GetByteArrayAsync(record["url"]!.GetValue<string>() + ".png"));
        png.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");

        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", png)).ReadObjectAsync();

        Assert.Equal("valid", report["status"]!.GetValue<string>());
        Assert.Equal("png", report["credential"]!["container"]!.GetValue<string>());
        Assert.Equal("credentials-valid", Check(report, "credentials")["code"]!.GetValue<string>());
        Assert.Equal(5, report["credentials"]!.AsArray().Count);
    }
}
