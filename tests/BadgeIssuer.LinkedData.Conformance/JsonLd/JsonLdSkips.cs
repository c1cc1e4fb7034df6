using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.Conformance.JsonLd;

/// <summary>
/// Every JSON-LD test that does not run, with the reason — the only place skips are decided. Tests whose
/// <c>specVersion</c> is json-ld-1.0 test behaviour that JSON-LD 1.1 changed (conformance NOTES §8.10).
/// </summary>
public static class JsonLdSkips
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
    };

    public static readonly IReadOnlyDictionary<string, string> Reasons = Build();

    private static Dictionary<string, string> Build()
    {
        Dictionary<string, string> reasons = new(Known, StringComparer.Ordinal);
        foreach (string manifest in new[] { "expand-manifest", "toRdf-manifest" })
        {
            JsonObject doc = JsonNode.Parse(Manifests.Read(manifest + ".jsonld"))!.AsObject();
            foreach (JsonNode? t in doc["sequence"]!.AsArray())
                if (t!["option"]?["specVersion"]?.GetValue<string>() == "json-ld-1.0")
                    reasons[manifest + t["@id"]!.GetValue<string>()] = "specVersion json-ld-1.0: the behaviour tested changed in JSON-LD 1.1";
        }
        return reasons;
    }
}
