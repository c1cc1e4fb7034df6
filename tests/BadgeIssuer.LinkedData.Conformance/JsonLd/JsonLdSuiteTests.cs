using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using BadgeIssuer.LinkedData.Rdf;
using BadgeIssuer.LinkedData.Rdfc;

namespace BadgeIssuer.LinkedData.Conformance.JsonLd;

/// <summary>The W3C JSON-LD 1.1 expand and toRdf manifests.</summary>
public sealed partial class JsonLdSuiteTests
{
    [System.Text.RegularExpressions.GeneratedRegex(@"> _:[A-Za-z0-9]+ ")]
    private static partial System.Text.RegularExpressions.Regex BlankPredicates();

    public static TheoryData<string> ExpandTests() => Manifests.Ids("expand-manifest");

    public static TheoryData<string> ToRdfTests() => Manifests.Ids("toRdf-manifest");

    [Fact]
    public void The_manifests_have_385_expand_and_467_toRdf_tests()
    {
        Assert.Equal(385, ExpandTests().Count);
        Assert.Equal(467, ToRdfTests().Count);
    }

    /// <summary>For a negative test: the run must fail with exactly the expected spec error code.</summary>
    private static async Task<bool> FailsAsExpected(ManifestEntry test, Func<Task> run)
    {
        if (!test.IsNegative) return false;
        JsonLdException error = await Assert.ThrowsAnyAsync<JsonLdException>(run);
        Assert.Equal(test.ExpectErrorCode, JsonLdErrors.Text(error.Code));
        return true;
    }

    [ManifestTheory, MemberData(nameof(ExpandTests))]
    public async Task Expand(string id)
    {
        ManifestEntry test = Manifests.Get(id);
        Assert.True(test.Types.Contains("jld:ExpandTest"), $"unexpected test type {string.Join(", ", test.Types)}");
        JsonNode? input = JsonNode.Parse(Manifests.Read(test.Input));
        JsonLdOptions options = Manifests.OptionsFor(test);
        if (await FailsAsExpected(test, async () => await JsonLdProcessor.ExpandAsync(input, options))) return;
        Assert.True(test.IsPositive, $"unknown test type {string.Join(", ", test.Types)}");
        JsonArray actual = await JsonLdProcessor.ExpandAsync(input, options);
        JsonNode? expected = JsonNode.Parse(Manifests.Read(test.Expect!));
        Assert.True(JsonLdEquality.Equal(expected, actual), $"expected\n{expected?.ToJsonString()}\nactual\n{actual.ToJsonString()}");
    }

    [ManifestTheory, MemberData(nameof(ToRdfTests))]
    public async Task ToRdf(string id)
    {
        ManifestEntry test = Manifests.Get(id);
        Assert.True(test.Types.Contains("jld:ToRDFTest"), $"unexpected test type {string.Join(", ", test.Types)}");
        JsonNode? input = JsonNode.Parse(Manifests.Read(test.Input));
        JsonLdOptions options = Manifests.OptionsFor(test);
        if (await FailsAsExpected(test, async () => await JsonLdProcessor.ToRdfAsync(input, options))) return;
        RdfDataset actual = await JsonLdProcessor.ToRdfAsync(input, options);
        if (test.IsSyntax) return;
        Assert.True(test.IsPositive, $"unknown test type {string.Join(", ", test.Types)}");
        // Datasets are compared by their RDFC-1.0 canonical form, which is equal exactly when they are isomorphic.
        // RDFC-1.0 does not relabel blank node predicates (generalized RDF), so those are compared by position only.
        string expected = Rdfc10.Canonicalize(NQuadsReader.Parse(Manifests.Read(test.Expect!), options.ProduceGeneralizedRdf)).NQuads;
        string canonical = Rdfc10.Canonicalize(actual).NQuads;
        if (options.ProduceGeneralizedRdf)
        {
            expected = BlankPredicates().Replace(expected, "> _:p ");
            canonical = BlankPredicates().Replace(canonical, "> _:p ");
        }
        Assert.Equal(expected, canonical);
    }
}

/// <summary>JSON-LD result equality as the test suite defines it: arrays are unordered, except @list values.</summary>
public static class JsonLdEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b, bool ordered = false)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out JsonNode? v) && Equal(p.Value, v, p.Key == "@list"));
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count) return false;
                if (ordered) return x.Zip(y).All(p => Equal(p.First, p.Second));
                List<JsonNode?> remaining = [.. y];
                foreach (JsonNode? item in x)
                {
                    int match = remaining.FindIndex(r => Equal(item, r));
                    if (match < 0) return false;
                    remaining.RemoveAt(match);
                }
                return true;
            case (JsonValue x, JsonValue y):
                if (x.GetValueKind() == System.Text.Json.JsonValueKind.Number && y.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                    return x.GetValue<double>() == y.GetValue<double>();
                return JsonNode.DeepEquals(x, y);
            default:
                return false;
        }
    }
}
