using System.Text.Json;
using System.Text.Json.Nodes;
using BadgeIssuer.LinkedData.JsonLd;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace BadgeIssuer.LinkedData.Conformance.JsonLd;

/// <summary>One entry of a W3C JSON-LD 1.1 manifest; <see cref="ToString"/> is its test id.</summary>
public sealed record ManifestEntry(string Id, IReadOnlyList<string> Types, string Input, string? Expect, string? ExpectErrorCode, JsonObject Options)
{
    public override string ToString() => Id;

    public bool IsNegative => Types.Contains("jld:NegativeEvaluationTest");
    public bool IsSyntax => Types.Contains("jld:PositiveSyntaxTest");
    public bool IsPositive => Types.Contains("jld:PositiveEvaluationTest");
}

/// <summary>The W3C JSON-LD 1.1 API manifests (expand, toRdf), read from the vendored suite.</summary>
public static class Manifests
{
    public const string BaseIri = "https://w3c.github.io/json-ld-api/tests/";

    private static readonly Lazy<Dictionary<string, ManifestEntry>> All = new(() =>
    {
        Dictionary<string, ManifestEntry> entries = new(StringComparer.Ordinal);
        foreach (string manifest in new[] { "expand-manifest", "toRdf-manifest" })
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Suites.Folder("jsonld-api"), manifest + ".jsonld")));
            foreach (JsonElement t in doc.RootElement.GetProperty("sequence").EnumerateArray())
            {
                string id = manifest + t.GetProperty("@id").GetString();
                entries[id] = new ManifestEntry(
                    id,
                    [.. t.GetProperty("@type").EnumerateArray().Select(x => x.GetString()!)],
                    t.GetProperty("input").GetString()!,
                    t.TryGetProperty("expect", out JsonElement expect) ? expect.GetString() : null,
                    t.TryGetProperty("expectErrorCode", out JsonElement code) ? code.GetString() : null,
                    t.TryGetProperty("option", out JsonElement option) ? JsonNode.Parse(option.GetRawText())!.AsObject() : []);
            }
        }
        return entries;
    });

    public static ManifestEntry Get(string id) => All.Value[id];

    public static TheoryData<string> Ids(string manifest)
    {
        TheoryData<string> data = [];
        foreach (string id in All.Value.Keys.Where(k => k.StartsWith(manifest + "#", StringComparison.Ordinal))) data.Add(id);
        return data;
    }

    /// <summary>The options a test asks for, with the suite's files served in place of its base URL.</summary>
    public static JsonLdOptions OptionsFor(ManifestEntry test)
    {
        JsonObject o = test.Options;
        return new JsonLdOptions
        {
            DocumentLoader = SuiteLoader.Instance,
            Base = o["base"]?.GetValue<string>() ?? BaseIri + test.Input,
            ProcessingMode = o["processingMode"]?.GetValue<string>() switch
            {
                null or "json-ld-1.1" => ProcessingMode.JsonLd11,
                "json-ld-1.0" => ProcessingMode.JsonLd10,
                string other => throw new InvalidOperationException($"{test.Id}: unknown processingMode {other}"),
            },
            ExpandContext = o["expandContext"] is JsonValue ec ? SuiteLoader.Read(BaseIri + ec.GetValue<string>()) : null,
            RdfDirection = o["rdfDirection"]?.GetValue<string>() switch
            {
                null => null,
                "i18n-datatype" => RdfDirection.I18nDatatype,
                "compound-literal" => RdfDirection.CompoundLiteral,
                string other => throw new InvalidOperationException($"{test.Id}: unknown rdfDirection {other}"),
            },
            ProduceGeneralizedRdf = o["produceGeneralizedRdf"]?.GetValue<bool>() ?? false,
        };
    }

    public static string Read(string relative) => File.ReadAllText(Path.Combine(Suites.Folder("jsonld-api"), relative));
}

/// <summary>
/// Serves the suite's base URL from the vendored files, and nothing else (no network). It reads each file
/// asynchronously, so the suite runs through the processor's asynchronous document loading.
/// </summary>
public sealed class SuiteLoader : IDocumentLoader
{
    public static readonly SuiteLoader Instance = new();

    public async ValueTask<RemoteDocument> LoadAsync(Uri url, CancellationToken cancellationToken)
    {
        string path = PathOf(url.OriginalString);
        return new RemoteDocument(url.OriginalString, Parse(url.OriginalString, await File.ReadAllTextAsync(path, cancellationToken)));
    }

    /// <summary>The suite file at <paramref name="url"/>, read at once (for options such as <c>expandContext</c>).</summary>
    public static JsonNode Read(string url) => Parse(url, File.ReadAllText(PathOf(url)));

    private static string PathOf(string url)
    {
        if (!url.StartsWith(Manifests.BaseIri, StringComparison.Ordinal))
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"{url} is outside the test suite.");
        string path = Path.Combine(Suites.Folder("jsonld-api"), url[Manifests.BaseIri.Length..].Split('#')[0]);
        return File.Exists(path) ? path : throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"{url} does not exist.");
    }

    private static JsonNode Parse(string url, string text)
    {
        try
        {
            return JsonNode.Parse(text)!;
        }
        catch (JsonException ex)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingDocumentFailed, $"{url} is not JSON: {ex.Message}");
        }
    }
}

/// <summary>A theory over manifest test ids whose rows in <see cref="JsonLdSkips.Reasons"/> are reported as skipped, with the reason.</summary>
[XunitTestCaseDiscoverer("BadgeIssuer.LinkedData.Conformance.JsonLd.ManifestTheoryDiscoverer", "BadgeIssuer.LinkedData.Conformance")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class ManifestTheoryAttribute : TheoryAttribute;

public sealed class ManifestTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    protected override IEnumerable<IXunitTestCase> CreateTestCasesForDataRow(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute, object[] dataRow)
    {
        ArgumentNullException.ThrowIfNull(dataRow);
        if (dataRow[0] is string id && JsonLdSkips.Reasons.TryGetValue(id, out string? reason))
            return [new XunitSkippedDataRowTestCase(DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason, dataRow)];
        return base.CreateTestCasesForDataRow(discoveryOptions, testMethod, theoryAttribute, dataRow);
    }
}
