using System.Net;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Credentials.Issuing;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// CLR 2.0: a teacher's four micro-credentials and the certificate they stack into, in one ClrCredential the issuer
/// signs, matching the pinned CLR 2.0 JSON Schema; only current awards go in, a subset is partial, and the record has its
/// own revocation entry.
/// </summary>
public sealed class LearnerRecordTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public LearnerRecordTests(ApiFactory api) => _api = api;

    /// <summary>The pathway, the four micro-credential awards and the certificate award the outbox issued after them.</summary>
    private async Task<(Pathway Pathway, string[] Micros, string Certificate)> EarnedAsync()
    {
        Pathway pathway = await Pathway.CreateAsync(_api, Scopes.ClrsIssue);
        List<string> micros = [];
        foreach (string achievementId in pathway.Micros)
            micros.Add((await (await pathway.AwardAsync(achievementId)).ReadObjectAsync())["id"]!.GetValue<string>());
        await _api.SideEffectsDoneAsync();
        string certificate = Assert.Single(await pathway.AwardsOfAsync(pathway.Certificate))!["id"]!.GetValue<string>();
        return (pathway, [.. micros], certificate);
    }

    private static string RecordPath(Pathway pathway) => $"/api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clr";

    private static async Task<HttpResponseMessage> RequestAsync(Pathway pathway, JsonObject? body = null, string? idempotencyKey = null)
    {
        using HttpRequestMessage request = new(HttpMethod.Post, RecordPath(pathway)) { Content = body is null ? null : Journey.Json(body) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await pathway.Client.SendAsync(request);
    }

    private static async Task<JsonObject> CredentialOfAsync(Pathway pathway, string awardId) =>
        (await (await pathway.Client.GetAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{awardId}")).ReadObjectAsync())["credential"]!.AsObject();

    [Fact]
    public async Task Four_micro_credentials_and_their_certificate_make_one_signed_record_holding_each_credential_unchanged()
    {
        (Pathway pathway, string[] micros, string certificate) = await EarnedAsync();

        HttpResponseMessage response = await RequestAsync(pathway);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        JsonObject answer = await response.ReadObjectAsync();
        JsonObject clr = answer["credential"]!.AsObject();
        Assert.Equal(answer["url"]!.GetValue<string>(), response.Headers.Location!.ToString());
        Assert.Equal(answer["url"]!.GetValue<string>(), clr["id"]!.GetValue<string>());
        Assert.Equal(["VerifiableCredential", "ClrCredential"], clr["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal([ObContexts.CredentialsV2, ObContexts.ClrV2, ObContexts.OpenBadgesV3, ObContexts.OpenBadgesExtensions],
            clr["@context"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(clr["partial"]);
        Assert.False(answer["partial"]!.GetValue<bool>());
        Assert.Equal("eddsa-rdfc-2022", clr["proof"]![0]!["cryptosuite"]!.GetValue<string>());
        Assert.Equal("revocation", clr["credentialStatus"]!["statusPurpose"]!.GetValue<string>());

        JsonObject subject = clr["credentialSubject"]!.AsObject();
        Assert.Equal("ClrSubject", subject["type"]![0]!.GetValue<string>());
        JsonObject email = subject["identifier"]!.AsArray().Single(i => i!["identityType"]!.GetValue<string>() == "emailAddress")!.AsObject();
        Assert.Equal(IdentityHash.Sha256(Pathway.Teacher, email["salt"]!.GetValue<string>()), email["identityHash"]!.GetValue<string>());
        Assert.Equal("Sam Rivera", subject["identifier"]!.AsArray().Single(i => i!["identityType"]!.GetValue<string>() == "name")!["identityHash"]!.GetValue<string>());

        string[] held = [.. micros, certificate];
        JsonArray inner = subject["verifiableCredential"]!.AsArray();
        Assert.Equal(5, inner.Count);
        List<JsonObject> signed = [];
        foreach (string awardId in held) signed.Add(await CredentialOfAsync(pathway, awardId));
        foreach (JsonObject credential in signed) Assert.Contains(inner, c => JsonNode.DeepEquals(c, credential));

        string[] achievementIds = [.. signed.Select(c => c["credentialSubject"]!["achievement"]!["id"]!.GetValue<string>())];
        Assert.Equal(achievementIds.Order(StringComparer.Ordinal), subject["achievement"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        JsonArray associations = subject["association"]!.AsArray();
        Assert.Equal(4, associations.Count);
        Assert.All(associations, a =>
        {
            Assert.Equal("Association", a!["type"]!.GetValue<string>());
            Assert.Equal("isPartOf", a["associationType"]!.GetValue<string>());
            Assert.Equal(achievementIds[4], a["targetId"]!.GetValue<string>());
        });
        Assert.Equal(achievementIds[..4].Order(StringComparer.Ordinal), associations.Select(a => a!["sourceId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        SchemaValidationResult schema = ObSchemas.ValidateClrCredential(clr);
        Assert.True(schema.IsValid, string.Join("\n", schema.Violations));

        using HttpClient anonymous = _api.Anonymous();
        HttpResponseMessage published = await anonymous.GetAsync(answer["url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("application/vc+ld+json", published.Content.Headers.ContentType!.MediaType);
        Assert.True(JsonNode.DeepEquals(clr, await published.ReadObjectAsync()));
    }

    [Fact]
    public async Task An_employer_verifying_the_records_link_gets_a_valid_record_and_later_sees_a_revoked_badge_named_in_it()
    {
        (Pathway pathway, string[] micros, _) = await EarnedAsync();
        string url = (await (await RequestAsync(pathway)).ReadObjectAsync())["url"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        async Task<JsonObject> VerifyLinkAsync() =>
            await (await anonymous.PostAsync("/api/v1/verify", Journey.Json(new JsonObject { ["url"] = url }))).ReadObjectAsync();

        JsonObject before = await VerifyLinkAsync();
        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[1]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        JsonObject after = await VerifyLinkAsync();

        Assert.Equal("valid", before["status"]!.GetValue<string>());
        Assert.Equal(["valid", "valid", "valid", "valid", "valid"], before["credentials"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("valid", after["status"]!.GetValue<string>());
        JsonObject invalid = Assert.Single(after["credentials"]!.AsArray(), r => r!["status"]!.GetValue<string>() != "valid")!.AsObject();
        Assert.Equal("Rubric design", invalid["credential"]!["name"]!.GetValue<string>());
        Assert.Equal("invalid", invalid["status"]!.GetValue<string>());
        JsonObject credentials = after["checks"]!.AsArray().Single(c => c!["check"]!.GetValue<string>() == "credentials")!.AsObject();
        Assert.Equal("warning", credentials["status"]!.GetValue<string>());
        Assert.Contains("Rubric design is revoked", credentials["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Named_awards_make_a_partial_record_and_a_revoked_or_unknown_one_is_refused_by_its_place()
    {
        (Pathway pathway, string[] micros, _) = await EarnedAsync();

        JsonObject sample = Journey.SampleJson("requests/clr.json");
        sample["awardIds"] = new JsonArray(micros[0], micros[2]);
        JsonObject partial = await (await RequestAsync(pathway, sample)).ReadObjectAsync();
        Assert.True(partial["partial"]!.GetValue<bool>());
        Assert.True(partial["credential"]!["partial"]!.GetValue<bool>());
        Assert.Equal(sample["name"]!.GetValue<string>(), partial["credential"]!["name"]!.GetValue<string>());
        Assert.Equal(2, partial["credential"]!["credentialSubject"]!["verifiableCredential"]!.AsArray().Count);
        Assert.Null(partial["credential"]!["credentialSubject"]!["association"]);
        Assert.True(ObSchemas.ValidateClrCredential(partial["credential"]!).IsValid);

        await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[1]}:revoke", Journey.Json("""{"reason": "Issued in error."}"""));
        HttpResponseMessage refused = await RequestAsync(pathway, new JsonObject { ["awardIds"] = new JsonArray(micros[0], micros[1], "aaaaaaaaaaaaaaaaaaaa") });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        string problem = await refused.Content.ReadAsStringAsync();
        Assert.Contains("/awardIds/1", problem, StringComparison.Ordinal);
        Assert.Contains("is revoked", problem, StringComparison.Ordinal);
        Assert.Contains("/awardIds/2", problem, StringComparison.Ordinal);

        JsonObject current = await (await RequestAsync(pathway)).ReadObjectAsync();
        Assert.DoesNotContain(micros[1], current["awardIds"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task A_retry_with_the_idempotency_key_returns_the_first_record_and_another_body_under_it_is_refused()
    {
        (Pathway pathway, string[] micros, _) = await EarnedAsync();

        JsonObject first = await (await RequestAsync(pathway, idempotencyKey: "clr-1")).ReadObjectAsync();
        HttpResponseMessage again = await RequestAsync(pathway, idempotencyKey: "clr-1");
        HttpResponseMessage other = await RequestAsync(pathway, new JsonObject { ["awardIds"] = new JsonArray(micros[0]) }, "clr-1");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first["id"]!.GetValue<string>(), (await again.ReadObjectAsync())["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("idempotency-key-reused", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learner_without_current_awards_bad_input_and_a_client_without_the_scope_get_clear_problems()
    {
        Pathway pathway = await Pathway.CreateAsync(_api, Scopes.ClrsIssue);

        HttpResponseMessage none = await RequestAsync(pathway);
        HttpResponseMessage badRecipient = await pathway.Client.PostAsync($"/api/v1/issuers/{pathway.IssuerId}/recipients/not-an-id/clr", null);
        HttpResponseMessage unknownField = await RequestAsync(pathway, new JsonObject { ["awards"] = new JsonArray("x") });
        HttpResponseMessage tooMany = await RequestAsync(pathway, new JsonObject { ["awardIds"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)$"a{i:D19}")]) });
        HttpClient issuing = _api.ClientWith(await Journey.CreateClientKeyAsync(_api, pathway.IssuerId, Scopes.AwardsIssue));
        HttpResponseMessage forbidden = await issuing.PostAsync(RecordPath(pathway), null);

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badRecipient.StatusCode);
        Assert.Contains("/recipient", await badRecipient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("at most 100", await tooMany.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task Revoking_a_record_sets_its_own_status_bit_and_leaves_the_badges_inside_alone()
    {
        (Pathway pathway, string[] micros, _) = await EarnedAsync();
        JsonObject record = await (await RequestAsync(pathway)).ReadObjectAsync();
        string path = $"/api/v1/issuers/{pathway.IssuerId}/clrs/{record["id"]}";

        HttpResponseMessage revoked = await pathway.Client.PostAsync(path + ":revoke", Journey.Json("""{"reason": "Replaced by a newer record."}"""));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        JsonObject read = await (await pathway.Client.GetAsync(path)).ReadObjectAsync();
        Assert.Equal("Replaced by a newer record.", read["revoked"]!["reason"]!.GetValue<string>());
        JsonObject listed = await (await pathway.Client.GetAsync($"/api/v1/issuers/{pathway.IssuerId}/recipients/{Uri.EscapeDataString(Pathway.Teacher)}/clrs")).ReadObjectAsync();
        Assert.Equal(record["id"]!.GetValue<string>(), Assert.Single(listed["items"]!.AsArray())!["id"]!.GetValue<string>());
        JsonObject award = await (await pathway.Client.GetAsync($"/api/v1/issuers/{pathway.IssuerId}/awards/{micros[0]}")).ReadObjectAsync();
        Assert.Null(award["revoked"]);
        JsonObject status = record["credential"]!["credentialStatus"]!.AsObject();
        using HttpClient anonymous = _api.Anonymous();
        JsonObject list = await (await anonymous.GetAsync(status["statusListCredential"]!.GetValue<string>())).ReadObjectAsync();
        byte[] bits = Credentials.Status.BitstringStatusList.Decode(list["credentialSubject"]!["encodedList"]!.GetValue<string>());
        Assert.Equal(1, Credentials.Status.BitstringStatusList.Read(bits, long.Parse(status["statusListIndex"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task The_openapi_document_says_the_record_request_body_is_optional()
    {
        using HttpClient anonymous = _api.Anonymous();
        JsonObject document = await (await anonymous.GetAsync("/swagger/v1/swagger.json")).ReadObjectAsync();

        JsonObject body = document["paths"]!["/api/v1/issuers/{issuerId}/recipients/{recipient}/clr"]!["post"]!["requestBody"]!.AsObject();

        Assert.False(body["required"]?.GetValue<bool>() ?? false);
        Assert.NotNull(body["content"]!["application/json"]);
    }
}
