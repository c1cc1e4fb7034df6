using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Api.PublicPages.Imaging;
using BadgeIssuer.Credentials.Baking;

namespace BadgeIssuer.Api.Tests.PublicPages;

/// <summary>
/// Every signed OB 3.0 spec example, its JWT form, and PNG/SVG images baked from them, through <c>POST /api/v1/verify</c>
/// and the <c>/verify</c> page: the proof check passes, and since example.edu cannot vouch for its keys the verdict is
/// "cannot tell"; a copy with one changed value is invalid.
/// </summary>
public sealed class ExamplesThroughTheServiceTests : IClassFixture<ApiFactory>
{
    private readonly ApiFactory _api;

    public ExamplesThroughTheServiceTests(ApiFactory api) => _api = api;

    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples");

    public static TheoryData<string, string> Cases()
    {
        TheoryData<string, string> data = [];
        foreach (string file in Directory.GetFiles(Folder).Select(Path.GetFileName).Where(f => f!.EndsWith(".signed.json", StringComparison.Ordinal) || f.EndsWith(".jwt", StringComparison.Ordinal)).Order(StringComparer.Ordinal)!)
            foreach (string form in new[] { "raw", "png", "svg" })
                data.Add(file, form);
        return data;
    }

    [Fact]
    public void There_are_nine_signed_json_and_eight_jwt_examples_each_in_three_forms()
    {
        Assert.Equal((9 + 8) * 3, Cases().Count);
    }

    private static HttpContent Content(string credential, string form, bool jwt) => form switch
    {
        "png" => Typed(PngBaking.Bake(BadgePicture.Png("Example", "Example Corp"), credential), "image/png"),
        "svg" => Typed(Encoding.UTF8.GetBytes(SvgBaking.Bake(BadgePicture.Svg("Example", "Example Corp"), credential)), "image/svg+xml"),
        _ => new StringContent(credential, Encoding.UTF8, jwt ? "text/plain" : "application/vc+ld+json"),
    };

    private static ByteArrayContent Typed(byte[] bytes, string mediaType)
    {
        ByteArrayContent content = new(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private static string Proof(JsonObject report) =>
        report["checks"]!.AsArray().First(c => c!["check"]!.GetValue<string>() is "proof" or "signature")!["code"]!.GetValue<string>();

    [Theory, MemberData(nameof(Cases))]
    public async Task A_spec_example_passes_the_proof_check_and_the_verdict_says_its_key_is_unvouched(string file, string form)
    {
        bool jwt = file.EndsWith(".jwt", StringComparison.Ordinal);
        string credential = File.ReadAllText(Path.Combine(Folder, file)).Trim();
        using HttpClient anonymous = _api.Anonymous();

        HttpResponseMessage response = await anonymous.PostAsync("/api/v1/verify", Content(credential, form, jwt));
        JsonObject report = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("signature-valid", Proof(report));
        Assert.Equal("indeterminate", report["status"]!.GetValue<string>());
        Assert.Contains(report["checks"]!.AsArray(), c => c!["code"]!.GetValue<string>() == "key-provenance-unverified");
        if (form != "raw") Assert.Equal(form, report["credential"]!["container"]!.GetValue<string>());

        using MultipartFormDataContent upload = new() { { Content(credential, form, jwt), "file", form == "raw" ? file : $"badge.{form}" } };
        string page = await (await anonymous.PostAsync("/verify", upload)).Content.ReadAsStringAsync();
        Assert.Contains("<strong>Cannot tell</strong>", page, StringComparison.Ordinal);
        Assert.Contains("key-provenance-unverified", page, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task A_spec_example_with_one_changed_value_is_invalid(string file, string form)
    {
        bool jwt = file.EndsWith(".jwt", StringComparison.Ordinal);
        string credential = File.ReadAllText(Path.Combine(Folder, file)).Trim();
        string changed = jwt ? ChangeJwt(credential) : credential.Replace("\"validFrom\": \"20", "\"validFrom\": \"19", StringComparison.Ordinal);
        Assert.NotEqual(credential, changed);
        using HttpClient anonymous = _api.Anonymous();

        JsonObject report = await (await anonymous.PostAsync("/api/v1/verify", Content(changed, form, jwt))).ReadObjectAsync();

        Assert.Equal("invalid", report["status"]!.GetValue<string>());
        Assert.Equal("signature-mismatch", Proof(report));
    }

    private static string ChangeJwt(string jwt)
    {
        string[] parts = jwt.Split('.');
        JsonObject payload = JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!.AsObject();
        payload["changed"] = true;
        return $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload.ToJsonString())}.{parts[2]}";
    }
}
