using System.Text.Json.Nodes;
using BadgeIssuer.Cli;

namespace BadgeIssuer.Cli.Tests;

/// <summary><c>badge bake</c>, <c>badge unbake</c>, and <c>badge verify</c> on baked images, with OB 3.0 spec examples.</summary>
public sealed class BakeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("badge-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using StringWriter stdout = new();
        using StringWriter stderr = new();
        int code = BadgeCommand.Run(args, new StringReader(""), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    private const string Svg = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>""";

    private static string Example(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples", file));

    public static TheoryData<string, string> Examples()
    {
        TheoryData<string, string> data = [];
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples")).Select(Path.GetFileName)
            .Where(f => f!.EndsWith(".signed.json", StringComparison.Ordinal) || f.EndsWith(".jwt", StringComparison.Ordinal)).Order(StringComparer.Ordinal)!)
        {
            data.Add("image.png", file);
            data.Add("image.svg", file);
        }
        return data;
    }

    [Theory, MemberData(nameof(Examples))]
    public void A_spec_example_baked_into_an_image_unbakes_unchanged_and_passes_the_proof_check(string image, string example)
    {
        string source = Write(image, image.EndsWith(".png", StringComparison.Ordinal) ? Png : System.Text.Encoding.UTF8.GetBytes(Svg));
        string credential = Write(example, System.Text.Encoding.UTF8.GetBytes(Example(example)));
        string baked = Path.Combine(_folder, "baked-" + image);

        Assert.Equal(0, Run("bake", source, credential, baked).Code);
        (int unbakeCode, string unbaked, _) = Run("unbake", baked);
        (int verifyCode, string report, _) = Run("verify", baked);
        (int rawCode, string rawReport, _) = Run("verify", credential);

        Assert.Equal(0, unbakeCode);
        Assert.Equal(Example(example).Trim(), unbaked.Trim());
        Assert.Equal(1, verifyCode);
        JsonObject parsed = JsonNode.Parse(report)!.AsObject();
        Assert.Equal("indeterminate", parsed["status"]!.GetValue<string>());
        Assert.Equal(image[^3..], parsed["credential"]!["container"]!.GetValue<string>());
        Assert.Contains(parsed["checks"]!.AsArray(), c => c!["code"]!.GetValue<string>() is "key-provenance-unverified");
        Assert.Contains(parsed["checks"]!.AsArray(), c => c!["code"]!.GetValue<string>() is "signature-valid");
        Assert.Equal(1, rawCode);
        Assert.Equal("indeterminate", JsonNode.Parse(rawReport)!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Unbake_of_an_image_without_a_credential_exits_with_2()
    {
        (int code, _, string error) = Run("unbake", Write("plain.png", Png));

        Assert.Equal(2, code);
        Assert.Contains("carries no Open Badges 3.0 credential", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bake_into_a_broken_png_exits_with_2_and_the_reason()
    {
        (int code, _, string error) = Run("bake", Write("broken.png", Png[..20]), Write("c.jwt", "a.b.c"u8.ToArray()), Path.Combine(_folder, "out.png"));

        Assert.Equal(2, code);
        Assert.Contains("not a readable PNG", error, StringComparison.Ordinal);
    }
}
