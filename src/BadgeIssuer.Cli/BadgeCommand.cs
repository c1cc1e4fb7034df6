using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BadgeIssuer.Credentials.Verification;
using BadgeIssuer.LinkedData.Jcs;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.Cli;

/// <summary>The <c>badge</c> command line: dispatches on the first argument.</summary>
public static class BadgeCommand
{
    private const string Usage = """
        usage: badge <command> <file|->
          canonicalize   print the RDFC-1.0 canonical N-Quads of a JSON-LD document (pinned contexts only, safe mode)
          jcs            print the RFC 8785 canonical form of a JSON document
          verify         verify a credential (JSON with embedded proofs, or a compact VC-JWT) and print the report
        exit code: 0 success (verify: the credential is valid), 1 verify: invalid or cannot tell, 2 bad input or usage
        """;

    /// <summary>Runs one command; returns the process exit code (0 success, 2 bad input or usage).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length != 2 || args[0] is not ("canonicalize" or "jcs" or "verify"))
        {
            stderr.WriteLine(Usage);
            return 2;
        }
        string input;
        try
        {
            input = args[1] == "-" ? stdin.ReadToEnd() : File.ReadAllText(args[1]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"badge: cannot read {args[1]}: {ex.Message}");
            return 2;
        }
        if (args[0] == "verify") return Verify(input, stdout, stderr);
        try
        {
            stdout.Write(args[0] == "jcs" ? Jcs.Canonicalize(input) : Canonicalize(input));
            return 0;
        }
        catch (Exception ex) when (ex is JsonLdException or JsonLdSafeModeException or JsonLdLimitExceededException or JcsException
            or CanonicalizationLimitExceededException or NQuadsParseException)
        {
            stderr.WriteLine($"badge: {ex.Message}");
            return 2;
        }
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
    private static int Verify(string input, TextWriter stdout, TextWriter stderr)
    {
        CredentialVerifier verifier = new(NoTrustedKeys.Instance, TimeProvider.System);
        string text = input.Trim();
        VerificationReport report;
        if (text.StartsWith('{'))
        {
            JsonObject? credential;
            try
            {
                credential = JsonLdProcessor.Parse(text) as JsonObject;
            }
            catch (Exception ex) when (ex is JsonLdException or JsonLdLimitExceededException)
            {
                stderr.WriteLine($"badge: {ex.Message}");
                return 2;
            }
            if (credential is null)
            {
                stderr.WriteLine("badge: the JSON is not an object.");
                return 2;
            }
            report = verifier.VerifyJsonAsync(credential, CancellationToken.None).GetAwaiter().GetResult();
        }
        else
        {
            report = verifier.VerifyJwtAsync(text, CancellationToken.None).GetAwaiter().GetResult();
        }
        stdout.WriteLine(JsonSerializer.Serialize(report, ReportJson));
        return report.Verified ? 0 : 1;
    }

    /// <summary>JSON-LD → RDF (safe mode, no base IRI, pinned contexts) → RDFC-1.0, as Data Integrity proofs do.</summary>
    public static string Canonicalize(string json)
    {
        JsonLdOptions options = new() { SafeMode = true };
        RdfDataset dataset = JsonLdProcessor.ToRdf(JsonLdProcessor.Parse(json, options.Limits), options);
        return Rdfc10.Canonicalize(dataset).NQuads;
    }
}
