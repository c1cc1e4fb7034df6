using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.LinkedData.Tests;

/// <summary>A caller catches one type for every input the library cannot process.</summary>
public sealed class LinkedDataExceptionTests
{
    public static TheoryData<string, Action> Failures() => new()
    {
        { "JSON-LD error code", () => JsonLdProcessor.Expand(new JsonObject { ["@id"] = 1, ["http://ex/p"] = "v" }) },
        { "safe mode", () => JsonLdProcessor.ToRdf(new JsonObject { ["undefined"] = "v" }, new JsonLdOptions { SafeMode = true }) },
        { "JSON-LD limit", () => JsonLdProcessor.Parse("[[[]]]", new JsonLdLimits { MaxNestingDepth = 2 }) },
        { "RDFC-1.0 limit", () => Rdfc10.Canonicalize(NQuadsReader.Parse("_:a <http://ex/p> _:b .\n_:b <http://ex/p> _:a .\n"), new Rdfc10Options { MaxTotalWork = 0 }) },
        { "N-Quads", () => NQuadsReader.Parse("not n-quads") },
        { "JCS", () => LinkedData.Jcs.Jcs.Canonicalize("{\"a\": 1, \"a\": 2}") },
        { "work meter", () => JsonLdProcessor.ToRdf(new JsonObject { ["http://ex/p"] = "v" }, new JsonLdOptions { Meter = new WorkMeter(0) }) },
    };

    [Theory, MemberData(nameof(Failures))]
    public void Every_failure_of_the_library_is_a_LinkedDataException(string kind, Action run)
    {
        LinkedDataException error = Assert.ThrowsAny<LinkedDataException>(run);
        Assert.False(string.IsNullOrEmpty(error.Message), kind);
    }
}
