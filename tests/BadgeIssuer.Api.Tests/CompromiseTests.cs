using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.Credentials.Proofs.Jose;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests;

/// <summary>
/// A compromised key proves nothing by itself: whoever holds it writes any proof.created, validFrom or nbf they like.
/// Only what the service stored before the compromise keeps trusting it.
/// </summary>
public sealed class CompromiseTests : IDisposable
{
    private readonly ApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    /// <summary>An issuer with a genuine award issued and verified at 09:00 (so its status list is signed and cached), whose keys were then marked compromised from 10:00 (now 11:00).</summary>
    private async Task<(string IssuerId, JsonObject Genuine, SigningKey[] OldKeys)> CompromisedIssuerAsync()
    {
        (string issuerId, string achievementId, HttpClient client) = await Journey.ReadyIssuerAsync(_api);
        JsonObject genuine = await (await client.PostAsync($"/api/v1/issuers/{issuerId}/awards", Journey.Json(Journey.AwardBody("requests/award-met.json", achievementId)))).ReadObjectAsync();
        genuine["jwt"] = await Journey.JwtAsync(_api, genuine);
        Assert.Equal("valid", (await Journey.VerifyAsync(_api, genuine))["status"]!.GetValue<string>());
        SigningKey[] oldKeys = [.. await _api.Services.GetRequiredService<IKeyStore>().ListByIssuerAsync(issuerId, default)];
        _api.Time.Advance(TimeSpan.FromHours(2));
        using HttpClient admin = _api.Admin();
        (await admin.PostAsJsonAsync($"/api/v1/issuers/{issuerId}/keys:rotate", new { compromisedAt = _api.Time.GetUtcNow().AddHours(-1) })).EnsureSuccessStatusCode();
        return (issuerId, genuine, oldKeys);
    }

    /// <summary>The private half of a key, as someone who stole it would hold it.</summary>
    private byte[] Stolen(SigningKey key) => _api.Services.GetRequiredService<KeyEncryption>().Open(key.PrivateKey, key.Id);

    /// <summary>A changed copy of the genuine credential, dated a year before the compromise.</summary>
    private static JsonObject BackDated(JsonObject genuine)
    {
        JsonObject forged = genuine["credential"]!.DeepClone().AsObject();
        forged.Remove("proof");
        forged["credentialSubject"]!["achievement"]!["name"] = "Doctor of Everything";
        forged["validFrom"] = "2025-11-25T09:00:00Z";
        return forged;
    }

    private async Task<JsonObject> VerifyAsync(string body, string mediaType)
    {
        using HttpClient anonymous = _api.Anonymous();
        return await (await anonymous.PostAsync("/api/v1/verify", new StringContent(body, Encoding.UTF8, mediaType))).ReadObjectAsync();
    }

    private static string Code(JsonObject report, string check) =>
        report["checks"]!.AsArray().First(c => c!["check"]!.GetValue<string>() == check)!["code"]!.GetValue<string>();

    [Fact]
    public async Task A_credential_forged_with_the_compromised_key_and_back_dated_proof_is_invalid_with_key_revoked()
    {
        (string issuerId, JsonObject genuine, SigningKey[] oldKeys) = await CompromisedIssuerAsync();
        SigningKey ed = oldKeys.Single(k => k.PublicKeyMultibase is not null);
        JsonObject forged = new EddsaDataIntegrity().AddProof(BackDated(genuine), DataIntegritySuites.EddsaRdfc2022,
            $"{ApiFactory.BaseUrl}/issuers/{issuerId}/keys/{ed.Id}", new DateTimeOffset(2025, 11, 25, 9, 0, 0, TimeSpan.Zero), Stolen(ed), asArray: true);

        JsonObject report = await VerifyAsync(forged.ToJsonString(), "application/vc+ld+json");

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("signature-valid", Code(report, "proof"));
        Assert.Equal("key-revoked", Code(report, "key-provenance"));
        Assert.Equal("valid", (await VerifyAsync(genuine["credential"]!.ToJsonString(), "application/vc+ld+json"))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_jwt_forged_with_the_compromised_key_and_back_dated_nbf_is_invalid_and_the_genuine_jwt_stays_valid()
    {
        (_, JsonObject genuine, SigningKey[] oldKeys) = await CompromisedIssuerAsync();
        SigningKey rsa = oldKeys.Single(k => k.Algorithm == "RS256");
        string forged = VcJwt.Sign(BackDated(genuine), new JwtSigningKey($"{ApiFactory.BaseUrl}/keys/{rsa.Id}", "RS256", Stolen(rsa)));

        JsonObject report = await VerifyAsync(forged, "text/plain");
        JsonObject kept = await VerifyAsync(genuine["jwt"]!.GetValue<string>(), "text/plain");

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("key-revoked", Code(report, "key-provenance"));
        Assert.Equal("valid", kept["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_compromise_the_status_list_is_signed_again_by_the_new_key_and_still_verifies()
    {
        (string issuerId, JsonObject genuine, _) = await CompromisedIssuerAsync();
        string listUrl = RevocationTests.Entry(genuine, "revocation")["statusListCredential"]!.GetValue<string>();
        using HttpClient anonymous = _api.Anonymous();
        using HttpClient admin = _api.Admin();
        string active = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/issuers/{issuerId}/keys"))!.AsArray()
            .Single(k => k!["status"]!.GetValue<string>() == "active" && k["algorithm"]!.GetValue<string>() == "EdDSA")!["verificationMethod"]!.GetValue<string>();

        JsonObject list = await (await anonymous.GetAsync(listUrl)).ReadObjectAsync();
        JsonObject report = await Journey.VerifyAsync(_api, genuine);

        Assert.Equal(active, list["proof"]![0]!["verificationMethod"]!.GetValue<string>());
        Assert.Equal("not-revoked", Code(report, "status"));
        Assert.Equal("valid", report["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_compromise_the_jwt_link_serves_a_jwt_signed_by_the_new_key()
    {
        (string issuerId, JsonObject genuine, SigningKey[] oldKeys) = await CompromisedIssuerAsync();
        string oldKid = $"{ApiFactory.BaseUrl}/keys/{oldKeys.Single(k => k.Algorithm == "RS256").Id}";

        string jwt = await Journey.JwtAsync(_api, genuine);

        Assert.True(VcJwt.TryDecode(genuine["jwt"]!.GetValue<string>(), out DecodedJwt? before, out _));
        Assert.Equal(oldKid, before!.Header["kid"]!.GetValue<string>());
        Assert.True(VcJwt.TryDecode(jwt, out DecodedJwt? after, out _));
        Assert.NotEqual(oldKid, after!.Header["kid"]!.GetValue<string>());
        Assert.StartsWith($"{ApiFactory.BaseUrl}/keys/", after.Header["kid"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("valid", (await VerifyAsync(jwt, "text/plain"))["status"]!.GetValue<string>());
        Assert.Equal(jwt, await Journey.JwtAsync(_api, genuine));
    }

    [Fact]
    public async Task The_compromised_keys_show_revoked_in_their_jwk_and_key_document_and_leave_the_jwks()
    {
        (string issuerId, _, SigningKey[] oldKeys) = await CompromisedIssuerAsync();
        using HttpClient anonymous = _api.Anonymous();

        foreach (SigningKey key in oldKeys)
        {
            JsonObject jwk = JsonNode.Parse(await anonymous.GetStringAsync($"/keys/{key.Id}"))!.AsObject();
            JsonObject document = JsonNode.Parse(await anonymous.GetStringAsync($"/issuers/{issuerId}/keys/{key.Id}"))!.AsObject();
            Assert.Equal("2026-11-25T10:00:00Z", jwk["revoked"]!.GetValue<string>());
            Assert.Equal("2026-11-25T10:00:00Z", document["revoked"]!.GetValue<string>());
        }
        string jwks = await anonymous.GetStringAsync("/.well-known/jwks.json");
        Assert.All(oldKeys, k => Assert.DoesNotContain(k.Id, jwks, StringComparison.Ordinal));
    }
}
