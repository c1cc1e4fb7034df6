using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.LinkedData.Tests.JsonLd;

/// <summary>
/// The two contexts these tests' credentials use (VC 2.0, OB 3.0.3), read from the repository's pinned copies and
/// supplied to the processor the way any caller supplies its contexts.
/// </summary>
internal static class TestContexts
{
    public const string CredentialsV2 = "https://www.w3.org/ns/credentials/v2";
    public const string Ob303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    public static readonly StaticDocumentLoader Loader = new(new Dictionary<string, JsonNode>
    {
        [CredentialsV2] = Read("credentials-v2.jsonld"),
        [Ob303] = Read("ob-v3p0-context-3.0.3.json"),
    });

    private static JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "contexts", file)))!;
}
