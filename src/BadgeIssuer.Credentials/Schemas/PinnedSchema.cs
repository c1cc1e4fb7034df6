// JSON Schema draft 2019-09, evaluated by a validator compiled from the pinned document and by JsonSchema.Net 8.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace BadgeIssuer.Credentials.Schemas;

/// <summary>
/// One pinned schema, built once: a yes/no validator compiled from the document answers first, in microseconds; an
/// instance it does not accept is evaluated by JsonSchema.Net, built from the same document, which gives the answer and
/// says where and why. So a valid instance costs one compiled evaluation, and only JsonSchema.Net ever rejects one.
/// That detailed evaluation builds a result for every subschema it visits, which for a hostile instance of thousands of
/// broken list items would cost seconds and hundreds of megabytes, so it is given a copy of the instance with each long
/// list of objects cut to its first items when that copy already fails (<see cref="Shortened"/>); a large instance whose
/// failure lies further down a long list is rejected without saying where. Immutable once built: safe to evaluate from
/// many threads at once.
/// </summary>
public sealed partial class PinnedSchema
{
    private const int MaxViolations = 50;

    /// <summary>How many items of a long list of objects the detailed evaluation is given first.</summary>
    public const int ListPrefix = 16;

    /// <summary>The most JSON values an instance may hold for the detailed evaluation to be given all of it.</summary>
    public const int MaxDetailedValues = 20_000;

    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.Hierarchical, Culture = CultureInfo.InvariantCulture };
    private readonly SchemaValidator _validator;
    private readonly JsonSchema _schema;

    internal PinnedSchema(JsonObject document)
    {
        _validator = SchemaValidator.Compile(document);
        // A registry of its own: nothing is registered process-wide, and the status-set copies share their $id.
        _schema = JsonSchema.Build(JsonSerializer.SerializeToElement(document), new BuildOptions { Dialect = Dialect.Draft201909, SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>The compiled validator's yes/no answer alone (what <see cref="Validate"/> asks first).</summary>
    public bool Accepts(JsonNode? instance) => _validator.IsValid(instance);

    /// <summary>Checks <paramref name="instance"/>: valid, or each violation with its JSON Pointer (at most 50).</summary>
    public SchemaValidationResult Validate(JsonNode instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (_validator.IsValid(instance)) return new SchemaValidationResult(true, []);
        JsonNode detailed = instance;
        if (Shortened(instance) is { } shortened)
        {
            if (!_validator.IsValid(shortened)) detailed = shortened;
            else if (Count(instance, MaxDetailedValues) >= MaxDetailedValues)
                return new SchemaValidationResult(false, [new SchemaViolation("",
                    $"an item further down a list breaks it, not one of the first {ListPrefix} of any list (too large an instance to say which).")]);
        }
        EvaluationResults results = _schema.Evaluate(JsonSerializer.SerializeToElement(detailed), Detailed);
        if (results.IsValid) return new SchemaValidationResult(true, []);
        List<SchemaViolation> violations = [];
        Collect(results, violations, new HashSet<string>(StringComparer.Ordinal));
        if (violations.Count == 0) violations.Add(new SchemaViolation("", "does not match the schema."));
        // The deepest first: where every branch of a oneOf fails, "an object is wanted" at the property says less than
        // the missing field inside the object the array branch reached.
        return new SchemaValidationResult(false, [.. violations.OrderByDescending(v => v.Pointer.Count(c => c == '/'))]);
    }

    /// <summary>
    /// The errors of a failed node and of its failed subschemas, depth first. A subschema that passed is not entered: a
    /// branch of a <c>oneOf</c>/<c>anyOf</c> that was not taken (a string where the other branch wants a language map, in
    /// the JSON-LD adaptations of the 1EdTech schemas) fails without that being a problem of the instance.
    /// </summary>
    private static void Collect(EvaluationResults node, List<SchemaViolation> violations, HashSet<string> seen)
    {
        if (node.IsValid || violations.Count >= MaxViolations) return;
        foreach ((string keyword, string message) in node.Errors ?? new Dictionary<string, string>())
        {
            string pointer = node.InstanceLocation.ToString();
            string text = $"{Reworded(keyword, message)} (schema keyword '{keyword}' at {node.EvaluationPath})";
            if (seen.Add(pointer + "|" + message) && violations.Count < MaxViolations) violations.Add(new SchemaViolation(pointer, text));
        }
        foreach (EvaluationResults child in node.Details ?? [])
            Collect(child, violations, seen);
    }

    /// <summary>
    /// A copy of <paramref name="instance"/> with every list of more than <see cref="ListPrefix"/> objects cut to its first
    /// <see cref="ListPrefix"/>; <c>null</c> when no list is that long. Each item keeps its place, so the copy's violations
    /// are the instance's, at the same pointers: the pinned schemas set no <c>maxItems</c>, their <c>minItems</c> are below
    /// the prefix, and their <c>contains</c> look for a string (in <c>type</c>), which a list of objects never holds.
    /// </summary>
    public static JsonNode? Shortened(JsonNode? instance)
    {
        bool cut = false;
        JsonNode? Copy(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    JsonObject copied = [];
                    foreach ((string name, JsonNode? value) in obj) copied[name] = Copy(value);
                    return copied;
                case JsonArray array:
                    bool shorten = array.Count > ListPrefix && array.All(item => item is JsonObject);
                    cut |= shorten;
                    JsonArray list = [];
                    foreach (JsonNode? item in shorten ? array.Take(ListPrefix) : array) list.Add(Copy(item));
                    return list;
                default:
                    return node?.DeepClone();
            }
        }
        JsonNode? copy = Copy(instance);
        return cut ? copy : null;
    }

    /// <summary>How many JSON values <paramref name="node"/> holds, counted up to <paramref name="limit"/>.</summary>
    private static int Count(JsonNode? node, int limit)
    {
        int count = 1;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(property => property.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (JsonNode? child in children)
        {
            if (count >= limit) break;
            count += Count(child, limit - count);
        }
        return count;
    }

    /// <summary>
    /// A <c>required</c> failure reads "X is missing" rather than the library's "Required properties [...] are not
    /// present"; the names come from that (English) message.
    /// </summary>
    private static string Reworded(string keyword, string message)
    {
        if (keyword != "required" || RequiredMessage().Match(message) is not { Success: true } match) return message;
        try
        {
            string[] names = [.. (JsonNode.Parse(match.Groups[1].Value) as JsonArray ?? []).Select(n => n?.GetValue<string>()).OfType<string>()];
            return names.Length == 0 ? message : $"{string.Join(" and ", names)} {(names.Length == 1 ? "is" : "are")} missing";
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return message;
        }
    }

    [GeneratedRegex(@"^Required properties (\[.*\]) are not present$")]
    private static partial Regex RequiredMessage();
}
