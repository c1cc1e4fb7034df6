using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using BadgeIssuer.Credentials.Baking;
using BadgeIssuer.Credentials.Contexts;
using BadgeIssuer.Credentials.Verification;
using BadgeIssuer.LinkedData;
using BadgeIssuer.LinkedData.Jcs;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.Cli;

/// <summary>The <c>badge</c> command line: dispatches on the first argument.</summary>
public static class BadgeCommand
{
    private const string Usage = """
        usage: badge <command> <arguments>
          canonicalize <file|->               print the RDFC-1.0 canonical N-Quads of a JSON-LD document (pinned contexts, safe mode)
          jcs <file|->                        print the RFC 8785 canonical form of a JSON document
          verify <file|->                     verify a credential: JSON with embedded proofs, a compact VC-JWT, or a baked PNG/SVG
          bake <image> <credential|-> <out>   write <image> (PNG or SVG) with the credential (JSON or VC-JWT) baked into <out>
          unbake <image>                      print the credential baked into a PNG or SVG
        """ + "\n" + StoreCommands.Usage + "\n" + """
        keys and backup open the service's store from its configuration: BadgeIssuer__... environment variables over the
        --settings file (an appsettings.json), in the environment ASPNETCORE_ENVIRONMENT names (Production by default)
        exit code: 0 success (verify: the credential is valid), 1 verify: invalid or cannot tell, 2 bad input or usage
        """;

    /// <summary>Runs one command; returns the process exit code (0 success, 2 bad input or usage).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        int arity = args.Length == 0 ? -1 : args[0] switch
        {
            "canonicalize" or "jcs" or "verify" or "unbake" => 2,
            "bake" => 4,
            _ => -1,
        };
        try
        {
            if (StoreCommands.TryRun(args, stdout, stderr) is { } stored) return stored;
            if (args.Length != arity)
            {
                stderr.WriteLine(Usage);
                return 2;
            }
            return args[0] switch
            {
                "verify" => Verify(args[1] == "-" ? null : File.ReadAllBytes(args[1]), args[1] == "-" ? stdin.ReadToEnd() : null, stdout),
                "bake" => Bake(File.ReadAllBytes(args[1]), args[2] == "-" ? stdin.ReadToEnd() : File.ReadAllText(args[2]), args[3]),
                "unbake" => Unbake(File.ReadAllBytes(args[1]), stdout, stderr),
                _ => Canonical(args[0], args[1] == "-" ? stdin.ReadToEnd() : File.ReadAllText(args[1]), stdout),
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"badge: cannot read or write a file: {ex.Message}");
            return 2;
        }
        catch (Exception ex) when (ex is LinkedDataException or BakingException or DecoderFallbackException)
        {
            stderr.WriteLine($"badge: {ex.Message}");
            return 2;
        }
    }

    private static int Canonical(string command, string input, TextWriter stdout)
    {
        stdout.Write(command == "jcs" ? Jcs.Canonicalize(input) : Canonicalize(input));
        return 0;
    }

    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Verifies a credential with no issuing service behind it: signatures and keys a credential proves itself
    /// (did:key issuers) can be checked; other keys leave the verdict indeterminate, as they should.
    /// </summary>
    private static int Verify(byte[]? file, string? text, TextWriter stdout)
    {
        CredentialVerifier verifier = new(NoTrustedKeys.Instance, TimeProvider.System);
        VerificationReport report = (file is not null
            ? verifier.VerifyContentAsync(file, VerifyOptions.Default, null, CancellationToken.None)
            : verifier.VerifyTextAsync(text!, VerifyOptions.Default, null, CancellationToken.None)).GetAwaiter().GetResult();
        stdout.WriteLine(JsonSerializer.Serialize(report, ReportJson));
        return report.Verified ? 0 : 1;
    }

    private static int Bake(byte[] image, string credential, string output)
    {
        if (PngBaking.IsPng(image))
            File.WriteAllBytes(output, PngBaking.Bake(image, credential.Trim()));
        else
            File.WriteAllText(output, SvgBaking.Bake(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(image), credential));
        return 0;
    }

    private static int Unbake(byte[] image, TextWriter stdout, TextWriter stderr)
    {
        bool png = PngBaking.IsPng(image);
        string? svg = png ? null : new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(image);
        string? credential = png ? PngBaking.Unbake(image) : SvgBaking.Unbake(svg!);
        if (credential is null)
        {
            string? ob2 = png ? PngBaking.UnbakeOb2(image) : SvgBaking.UnbakeOb2(svg!);
            stderr.WriteLine(ob2 is null
                ? "badge: the image carries no Open Badges 3.0 credential."
                : $"badge: the image carries no Open Badges 3.0 credential, only an Open Badges 2.0 assertion: {ob2}");
            return 2;
        }
        stdout.WriteLine(credential);
        return 0;
    }

    /// <summary>JSON-LD → RDF (safe mode, no base IRI, pinned contexts) → RDFC-1.0, as Data Integrity proofs do.</summary>
    public static string Canonicalize(string json)
    {
        JsonLdOptions options = new() { DocumentLoader = CredentialContexts.Loader, SafeMode = true };
        RdfDataset dataset = JsonLdProcessor.ToRdf(JsonLdProcessor.Parse(json, options.Limits), options);
        return Rdfc10.Canonicalize(dataset).NQuads;
    }
}
