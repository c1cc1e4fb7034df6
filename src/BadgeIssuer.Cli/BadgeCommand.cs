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
        exit code: 0 success, 2 bad input or usage (the reason on stderr)
        """;

    /// <summary>Runs one command; returns the process exit code (0 success, 2 bad input or usage).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (args.Length != 2 || args[0] is not ("canonicalize" or "jcs"))
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

    /// <summary>JSON-LD → RDF (safe mode, no base IRI, pinned contexts) → RDFC-1.0, as Data Integrity proofs do.</summary>
    public static string Canonicalize(string json)
    {
        JsonLdOptions options = new() { SafeMode = true };
        RdfDataset dataset = JsonLdProcessor.ToRdf(JsonLdProcessor.Parse(json, options.Limits), options);
        return Rdfc10.Canonicalize(dataset).NQuads;
    }
}
