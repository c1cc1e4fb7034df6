// JSON-LD 1.1 Processing Algorithms and API §5.1.2 (Expansion Algorithm) and §5.3.2 (Value Expansion).
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>The expansion algorithm. One instance per run; it carries the options and the context processor.</summary>
internal sealed class Expansion(JsonLdOptions options, ContextProcessor contexts, CancellationToken cancellationToken)
{
    public async ValueTask<JsonNode?> ExpandAsync(ActiveContext active, string? activeProperty, JsonNode? element, string? baseUrl, bool fromMap = false, int depth = 0)
    {
        if (depth > options.Limits.MaxNestingDepth)
            throw new JsonLdLimitExceededException(JsonLdLimit.NestingDepth, $"The document nests deeper than {options.Limits.MaxNestingDepth} levels.");
        cancellationToken.ThrowIfCancellationRequested();
        options.Meter?.Charge();
        // 1) null expands to null.
        if (element is null) return null;
        TermDefinition? propertyTerm = activeProperty is null ? null : active.Term(activeProperty);
        // 3) The property-scoped context, if any.
        JsonNode? propertyScoped = propertyTerm is { HasContext: true } ? propertyTerm.Context : null;
        bool hasPropertyScoped = propertyTerm is { HasContext: true };

        // 4) A scalar.
        if (element is JsonValue scalar)
        {
            // 4.1) Free-floating scalars are dropped.
            if (activeProperty is null or "@graph")
            {
                SafeMode("free-floating scalar", $"The value {scalar.ToJsonString()} is not the value of any property.");
                return null;
            }
            // 4.2) Apply the property-scoped context.
            if (hasPropertyScoped) active = await contexts.ProcessAsync(active, propertyScoped, propertyTerm!.BaseUrl, scopedBy: propertyTerm);
            // 4.3) Value expansion.
            return ExpandValue(active, activeProperty, scalar);
        }

        // 5) An array.
        if (element is JsonArray array)
        {
            JsonArray expandedItems = [];
            foreach (JsonNode? item in array)
            {
                JsonNode? expanded = await ExpandAsync(active, activeProperty, item, baseUrl, fromMap, depth + 1);
                // 5.2.2) Inside a @list container, an array becomes a list object.
                if (propertyTerm is not null && propertyTerm.HasContainer("@list") && expanded is JsonArray nested)
                    expanded = new JsonObject { ["@list"] = nested };
                // 5.2.3) Flatten arrays, drop nulls.
                if (expanded is JsonArray items) foreach (JsonNode? i in items.ToArray()) { items.Remove(i); expandedItems.Add(i); }
                else if (expanded is not null) expandedItems.Add(expanded);
            }
            return expandedItems;
        }

        JsonObject obj = (JsonObject)element;
        // 7) Revert a non-propagated context for new node objects.
        if (active.PreviousContext is not null && !fromMap && !IsValueOrIdOnly(active, obj)) active = active.PreviousContext;
        // 8) The property-scoped context overrides protected terms.
        if (hasPropertyScoped) active = await contexts.ProcessAsync(active, propertyScoped, propertyTerm!.BaseUrl, overrideProtected: true, scopedBy: propertyTerm);
        // 9) The embedded context.
        if (obj.TryGetPropertyValue("@context", out JsonNode? embedded)) active = await contexts.ProcessAsync(active, embedded, baseUrl);
        // 10) Remember the context for expanding @type values.
        ActiveContext typeScoped = active;
        // 11) Type-scoped contexts, in order of the types, do not propagate.
        string? inputType = null;
        foreach (string key in SortedKeys(obj))
        {
            if (contexts.ExpandIri(active, key, vocab: true, documentRelative: false) != "@type") continue;
            JsonNode? types = obj[key];
            List<string> terms = [];
            if (types is JsonArray ta) terms.AddRange(ta.OfType<JsonValue>().Select(v => v.TryGetValue(out string? t) ? t : null).OfType<string>());
            else if (types is JsonValue tv && tv.TryGetValue(out string? t1)) terms.Add(t1);
            terms.Sort(StringComparer.Ordinal);
            foreach (string term in terms)
                if (typeScoped.Term(term) is { HasContext: true } typeTerm)
                    active = await contexts.ProcessAsync(active, typeTerm.Context, typeTerm.BaseUrl, propagate: false, scopedBy: typeTerm);
            // 12) The input type: the expansion of the last value of the first @type entry.
            if (inputType is null)
            {
                string? last = types is JsonArray la && la.Count > 0 && la[^1] is JsonValue lv && lv.TryGetValue(out string? l) ? l
                    : types is JsonValue sv && sv.TryGetValue(out string? s) ? s : null;
                if (last is not null) inputType = contexts.ExpandIri(active, last, vocab: true, documentRelative: false);
            }
        }

        // 12)-14) Expand every entry into result.
        JsonObject result = [];
        await ExpandEntriesAsync(active, typeScoped, activeProperty, obj, result, inputType, baseUrl, depth);

        // 15) A value object.
        if (result.TryGetPropertyValue("@value", out JsonNode? value))
        {
            foreach ((string key, JsonNode? _) in result)
                if (key is not ("@direction" or "@index" or "@language" or "@type" or "@value"))
                    throw new JsonLdException(JsonLdErrorCode.InvalidValueObject, $"A value object cannot have '{key}'.");
            if (result.ContainsKey("@type") && (result.ContainsKey("@language") || result.ContainsKey("@direction")))
                throw new JsonLdException(JsonLdErrorCode.InvalidValueObject, "A value object cannot have both @type and @language or @direction.");
            bool json = result["@type"] is JsonValue jt && jt.TryGetValue(out string? jts) && jts == "@json";
            if (!json)
            {
                if (value is null || (value is JsonArray { Count: 0 }))
                {
                    SafeMode("null @value value", "A value object has a null @value.");
                    return null;
                }
                if (value is not JsonValue)
                    throw new JsonLdException(JsonLdErrorCode.InvalidValueObjectValue, "@value must be a string, number, boolean or null.");
                if (result.ContainsKey("@language") && !(value is JsonValue lvv && lvv.TryGetValue(out string? _)))
                    throw new JsonLdException(JsonLdErrorCode.InvalidLanguageTaggedValue, "A value with @language must be a string.");
                if (result["@type"] is JsonNode typeNode && !(typeNode is JsonValue tn && tn.TryGetValue(out string? ts) && Iri.IsWellFormedAbsolute(ts)))
                    throw new JsonLdException(JsonLdErrorCode.InvalidTypedValue, $"The @type of a value must be an IRI; found {typeNode.ToJsonString()}.");
            }
        }
        // 16) @type is always an array in a node object.
        else if (result.TryGetPropertyValue("@type", out JsonNode? type) && type is not JsonArray)
        {
            result["@type"] = new JsonArray(Detach(result, "@type"));
        }
        // 17) Set and list objects.
        else if (result.ContainsKey("@set") || result.ContainsKey("@list"))
        {
            if (result.Count > 2 || (result.Count == 2 && !result.ContainsKey("@index")))
                throw new JsonLdException(JsonLdErrorCode.InvalidSetOrListObject, "A @set or @list object may only also have @index.");
            if (result.ContainsKey("@set")) return Detach(result, "@set");
        }
        // 18) Only @language: dropped.
        if (result.Count == 1 && result.ContainsKey("@language"))
        {
            SafeMode("object with only @language", "An object with only @language carries no value.");
            return null;
        }
        // 19) Top-level or @graph: drop empty objects, values, lists, and objects with only @id.
        if (activeProperty is null or "@graph")
        {
            if (result.Count == 0 || result.ContainsKey("@value") || result.ContainsKey("@list"))
            {
                SafeMode(result.Count == 0 ? "empty object" : "free-floating scalar", "A top-level value, list or empty object is dropped.");
                return null;
            }
            if (result.Count == 1 && result.ContainsKey("@id"))
            {
                SafeMode("object with only @id", "A top-level object with only @id states nothing.");
                return null;
            }
        }
        return result;
    }

    private async ValueTask ExpandEntriesAsync(ActiveContext active, ActiveContext typeScoped, string? activeProperty, JsonObject element, JsonObject result, string? inputType, string? baseUrl, int depth)
    {
        List<string> nests = [];
        foreach (string key in SortedKeys(element))
        {
            JsonNode? value = element[key];
            // 13.1) @context was handled.
            if (key == "@context") continue;
            // 13.2)-13.3) Drop keys that expand to neither an IRI nor a keyword.
            string? property = contexts.ExpandIri(active, key, vocab: true, documentRelative: false);
            if (property is null || (!Iri.IsAbsoluteOrBlank(property) && !Keywords.IsKeyword(property)))
            {
                SafeMode("invalid property", $"'{key}' is not defined by the context and is not an absolute IRI; it would be dropped.");
                continue;
            }
            // 13.4) Keywords.
            if (Keywords.IsKeyword(property))
            {
                if (!await ExpandKeywordAsync(active, typeScoped, activeProperty, key, property, value, result, nests, inputType, baseUrl, depth)) continue;
                continue;
            }
            await ExpandPropertyAsync(active, key, property, value, result, baseUrl, depth);
        }
        // 14) Nested properties, each as if it were part of the element.
        nests.Sort(StringComparer.Ordinal);
        foreach (string nestKey in nests)
        {
            foreach (JsonNode? nested in AsList(element[nestKey]))
            {
                if (nested is not JsonObject nestedObject || nestedObject.Any(p => contexts.ExpandIri(active, p.Key, vocab: true, documentRelative: false) == "@value"))
                    throw new JsonLdException(JsonLdErrorCode.InvalidAtNestValue, $"The value of '{nestKey}' must be node objects.");
                // 14.2.2) The nesting key is the active property: its scoped context applies.
                ActiveContext nestContext = active.Term(nestKey) is { HasContext: true } nestTerm
                    ? await contexts.ProcessAsync(active, nestTerm.Context, nestTerm.BaseUrl, overrideProtected: true, scopedBy: nestTerm)
                    : active;
                await ExpandEntriesAsync(nestContext, typeScoped, activeProperty, nestedObject, result, inputType, baseUrl, depth + 1);
            }
        }
    }

    private async ValueTask<bool> ExpandKeywordAsync(ActiveContext active, ActiveContext typeScoped, string? activeProperty, string key, string property, JsonNode? value,
        JsonObject result, List<string> nests, string? inputType, string? baseUrl, int depth)
    {
        // 13.4.1)-13.4.2)
        if (activeProperty == "@reverse")
            throw new JsonLdException(JsonLdErrorCode.InvalidReversePropertyMap, $"A reverse property map cannot hold the keyword {property}.");
        if (result.ContainsKey(property) && property is not ("@included" or "@type") || (options.Is10 && result.ContainsKey(property)))
            throw new JsonLdException(JsonLdErrorCode.CollidingKeywords, $"{property} appears more than once (through aliases).");
        JsonNode? expanded;
        switch (property)
        {
            case "@id":
                // 13.4.3)
                if (value is not JsonValue idv || !idv.TryGetValue(out string? id))
                    throw new JsonLdException(JsonLdErrorCode.InvalidAtIdValue, $"@id must be a string; found {value?.ToJsonString() ?? "null"}.");
                string? expandedId = contexts.ExpandIri(active, id, vocab: false, documentRelative: true);
                if (expandedId is null) SafeMode("reserved @id value", $"@id '{id}' has the form of a keyword and is ignored.");
                expanded = expandedId;
                break;
            case "@type":
                // 13.4.4)
                JsonArray types = [];
                foreach (JsonNode? t in AsList(value))
                {
                    if (t is not JsonValue tv || !tv.TryGetValue(out string? ts))
                        throw new JsonLdException(JsonLdErrorCode.InvalidTypeValue, $"@type must be a string or an array of strings; found {value?.ToJsonString() ?? "null"}.");
                    string? expandedType = contexts.ExpandIri(typeScoped, ts, vocab: true, documentRelative: true);
                    if (expandedType is not null) types.Add(expandedType);
                }
                if (value is JsonValue && types.Count == 1 && !result.ContainsKey("@type")) expanded = types[0]!.DeepClone();
                else
                {
                    if (result.TryGetPropertyValue("@type", out JsonNode? existing))
                    {
                        JsonArray merged = [.. AsList(existing).Select(e => e?.DeepClone())];
                        foreach (JsonNode? t in types) merged.Add(t?.DeepClone());
                        result.Remove("@type");
                        types = merged;
                    }
                    expanded = types;
                }
                break;
            case "@graph":
                // 13.4.5)
                expanded = AsArray(await ExpandAsync(active, "@graph", value, baseUrl, depth: depth + 1));
                break;
            case "@included":
                // 13.4.6) Every item must expand to a node object (a dropped item counts as not one, as in jsonld.js).
                if (options.Is10) return false;
                JsonArray included = [];
                foreach (JsonNode? item in AsList(value))
                {
                    JsonNode? expandedItem = await ExpandAsync(active, activeProperty, item, baseUrl, depth: depth + 1);
                    foreach (JsonNode? node in expandedItem is JsonArray ea ? ea.ToArray() : [expandedItem])
                    {
                        if (node is not JsonObject io || io.ContainsKey("@value") || io.ContainsKey("@list") || io.ContainsKey("@set"))
                            throw new JsonLdException(JsonLdErrorCode.InvalidAtIncludedValue, "@included must hold node objects.");
                        node.Parent?.AsArray().Remove(node);
                        included.Add(node);
                    }
                }
                if (result.ContainsKey("@included"))
                {
                    JsonArray all = (JsonArray)Detach(result, "@included")!;
                    foreach (JsonNode? item in included.ToArray()) { included.Remove(item); all.Add(item); }
                    included = all;
                }
                expanded = included;
                break;
            case "@value":
                // 13.4.7)
                if (inputType == "@json")
                {
                    if (options.Is10) throw new JsonLdException(JsonLdErrorCode.InvalidValueObjectValue, "@json is not available in json-ld-1.0.");
                    expanded = value?.DeepClone();
                    result["@value"] = expanded;
                    return true;
                }
                if (value is not null and not JsonValue)
                    throw new JsonLdException(JsonLdErrorCode.InvalidValueObjectValue, "@value must be a string, number, boolean or null.");
                expanded = value?.DeepClone();
                if (expanded is null)
                {
                    result["@value"] = null;
                    return true;
                }
                break;
            case "@language":
                // 13.4.8) Language tags are lower-cased, as jsonld.js and rdf-canonize users expect (NOTES §8.1).
                if (value is not JsonValue lv || !lv.TryGetValue(out string? language))
                    throw new JsonLdException(JsonLdErrorCode.InvalidLanguageTaggedString, "@language must be a string.");
                if (!WellFormedLanguage(language)) SafeMode("invalid @language value", $"'{language}' is not a well-formed BCP 47 language tag.");
                expanded = language.ToLowerInvariant();
                break;
            case "@direction":
                // 13.4.9)
                if (options.Is10) return false;
                if (value is not JsonValue dv || !dv.TryGetValue(out string? direction) || direction is not ("ltr" or "rtl"))
                    throw new JsonLdException(JsonLdErrorCode.InvalidBaseDirection, "@direction must be \"ltr\" or \"rtl\".");
                expanded = direction;
                break;
            case "@index":
                // 13.4.10)
                if (value is not JsonValue xv || !xv.TryGetValue(out string? _))
                    throw new JsonLdException(JsonLdErrorCode.InvalidAtIndexValue, "@index must be a string.");
                expanded = value.DeepClone();
                break;
            case "@list":
                // 13.4.11) Lists outside a property are dropped.
                if (activeProperty is null or "@graph")
                {
                    SafeMode("free-floating scalar", "A @list that is not the value of a property is dropped.");
                    return false;
                }
                expanded = AsArray(await ExpandAsync(active, activeProperty, value, baseUrl, depth: depth + 1));
                break;
            case "@set":
                // 13.4.12)
                expanded = await ExpandAsync(active, activeProperty, value, baseUrl, depth: depth + 1);
                break;
            case "@reverse":
                // 13.4.13)
                if (value is not JsonObject)
                    throw new JsonLdException(JsonLdErrorCode.InvalidAtReverseValue, "@reverse must be an object.");
                JsonObject reversed = (JsonObject)(await ExpandAsync(active, "@reverse", value, baseUrl, depth: depth + 1))!;
                if (reversed.TryGetPropertyValue("@reverse", out JsonNode? doubleReversed) && doubleReversed is JsonObject dr)
                    foreach ((string p, JsonNode? items) in dr.ToArray()) AddValues(result, p, items?.DeepClone());
                JsonObject? reverseMap = null;
                foreach ((string p, JsonNode? items) in reversed)
                {
                    if (p == "@reverse") continue;
                    reverseMap ??= result["@reverse"] as JsonObject ?? (JsonObject)(result["@reverse"] = new JsonObject());
                    foreach (JsonNode? item in AsList(items))
                    {
                        if (item is JsonObject ro && (ro.ContainsKey("@value") || ro.ContainsKey("@list")))
                            throw new JsonLdException(JsonLdErrorCode.InvalidReversePropertyValue, "A reverse property cannot hold values or lists.");
                        AddValues(reverseMap, p, item?.DeepClone());
                    }
                }
                return true;
            case "@nest":
                // 13.4.14)
                nests.Add(key);
                return true;
            default:
                return false;
        }
        // 13.4.16) (A null @value was handled above.)
        result[property] = expanded;
        return true;
    }

    private async ValueTask ExpandPropertyAsync(ActiveContext active, string key, string property, JsonNode? value, JsonObject result, string? baseUrl, int depth)
    {
        TermDefinition? term = active.Term(key);
        JsonNode? expanded;
        if (term?.Type == "@json")
        {
            // 13.6)
            expanded = new JsonObject { ["@value"] = value?.DeepClone(), ["@type"] = "@json" };
        }
        else if (term is not null && term.HasContainer("@language") && value is JsonObject languageMap)
        {
            // 13.7) A language map.
            JsonArray values = [];
            string? direction = term.HasDirection ? term.Direction : active.DefaultDirection;
            foreach (string language in SortedKeys(languageMap))
            {
                foreach (JsonNode? item in AsList(languageMap[language]))
                {
                    if (item is null) continue;
                    if (item is not JsonValue iv || !iv.TryGetValue(out string? text))
                        throw new JsonLdException(JsonLdErrorCode.InvalidLanguageMapValue, $"The language map of '{key}' must hold strings.");
                    JsonObject v = new() { ["@value"] = text };
                    if (contexts.ExpandIri(active, language, vocab: true, documentRelative: false) != "@none")
                    {
                        if (!WellFormedLanguage(language)) SafeMode("invalid @language value", $"'{language}' is not a well-formed BCP 47 language tag.");
                        v["@language"] = language.ToLowerInvariant();
                    }
                    if (direction is not null) v["@direction"] = direction;
                    values.Add(v);
                }
            }
            expanded = values;
        }
        else if (term is not null && (term.HasContainer("@index") || term.HasContainer("@type") || term.HasContainer("@id")) && value is JsonObject map)
        {
            expanded = await ExpandMapAsync(active, key, term, map, baseUrl, depth);
        }
        else
        {
            // 13.9)
            expanded = await ExpandAsync(active, key, value, baseUrl, depth: depth + 1);
        }
        // 13.10) Nothing to add.
        if (expanded is null) return;
        // 13.11) A list container wraps in a list object.
        if (term is not null && term.HasContainer("@list") && !(expanded is JsonObject lo && lo.ContainsKey("@list")))
            expanded = new JsonObject { ["@list"] = AsArray(expanded) };
        // 13.12) A graph container (without @id or @index) wraps each value in a graph object.
        if (term is not null && term.HasContainer("@graph") && !term.HasContainer("@id") && !term.HasContainer("@index"))
        {
            JsonArray graphs = [];
            foreach (JsonNode? ev in AsArray(expanded).ToArray())
            {
                ev?.Parent?.AsArray().Remove(ev);
                graphs.Add(new JsonObject { ["@graph"] = AsArray(ev) });
            }
            expanded = graphs;
        }
        // 13.13) Reverse properties go into @reverse.
        if (term is { Reverse: true })
        {
            JsonObject reverseMap = result["@reverse"] as JsonObject ?? (JsonObject)(result["@reverse"] = new JsonObject());
            foreach (JsonNode? item in AsArray(expanded).ToArray())
            {
                if (item is JsonObject ro && (ro.ContainsKey("@value") || ro.ContainsKey("@list")))
                    throw new JsonLdException(JsonLdErrorCode.InvalidReversePropertyValue, $"The reverse property '{key}' cannot hold values or lists.");
                item?.Parent?.AsArray().Remove(item);
                AddValues(reverseMap, property, item);
            }
            return;
        }
        // 13.14)
        AddValues(result, property, expanded);
    }

    /// <summary>13.8: index, id and type maps.</summary>
    private async ValueTask<JsonArray> ExpandMapAsync(ActiveContext active, string key, TermDefinition term, JsonObject map, string? baseUrl, int depth)
    {
        JsonArray values = [];
        string indexKey = term.Index ?? "@index";
        foreach (string index in SortedKeys(map))
        {
            ActiveContext mapContext = active;
            if (term.HasContainer("@id") || term.HasContainer("@type")) mapContext = active.PreviousContext ?? active;
            if (term.HasContainer("@type") && mapContext.Term(index) is { HasContext: true } indexTerm)
                mapContext = await contexts.ProcessAsync(mapContext, indexTerm.Context, indexTerm.BaseUrl, scopedBy: indexTerm);
            string? expandedIndex = contexts.ExpandIri(active, index, vocab: true, documentRelative: false);
            JsonArray items = AsArray(await ExpandAsync(mapContext, key, AsArray(map[index]?.DeepClone()), baseUrl, fromMap: true, depth: depth + 1));
            foreach (JsonNode? raw in items.ToArray())
            {
                items.Remove(raw);
                JsonNode? item = raw;
                if (term.HasContainer("@graph") && !(item is JsonObject g && IsGraphObject(g)))
                    item = new JsonObject { ["@graph"] = AsArray(item) };
                JsonObject itemObject = (JsonObject)item!;
                if (term.HasContainer("@index") && indexKey != "@index" && expandedIndex != "@none")
                {
                    JsonNode? reExpanded = ExpandValue(active, indexKey, JsonValue.Create(index));
                    string? expandedIndexKey = contexts.ExpandIri(active, indexKey, vocab: true, documentRelative: false);
                    JsonArray indexValues = [reExpanded];
                    if (itemObject.TryGetPropertyValue(expandedIndexKey!, out JsonNode? existing))
                        foreach (JsonNode? e in AsList(existing)) indexValues.Add(e?.DeepClone());
                    itemObject[expandedIndexKey!] = indexValues;
                    if (itemObject.ContainsKey("@value") && itemObject.Count > 1 && !itemObject.All(p => p.Key is "@value" or "@language" or "@direction" or "@type" or "@index"))
                        throw new JsonLdException(JsonLdErrorCode.InvalidValueObject, "A value object in a property-valued index cannot have other properties.");
                    if (itemObject.ContainsKey("@value"))
                        throw new JsonLdException(JsonLdErrorCode.InvalidValueObject, "A property-valued index cannot index a value object.");
                }
                else if (term.HasContainer("@index") && !itemObject.ContainsKey("@index") && expandedIndex != "@none")
                {
                    itemObject["@index"] = index;
                }
                else if (term.HasContainer("@id") && !itemObject.ContainsKey("@id") && expandedIndex != "@none")
                {
                    itemObject["@id"] = contexts.ExpandIri(active, index, vocab: false, documentRelative: true);
                }
                else if (term.HasContainer("@type") && expandedIndex != "@none")
                {
                    JsonArray types = [expandedIndex];
                    if (itemObject.TryGetPropertyValue("@type", out JsonNode? existingTypes))
                        foreach (JsonNode? t in AsList(existingTypes)) types.Add(t?.DeepClone());
                    itemObject["@type"] = types;
                }
                values.Add(itemObject);
            }
        }
        return values;
    }

    /// <summary>§5.3.2 Value Expansion.</summary>
    public JsonObject ExpandValue(ActiveContext active, string activeProperty, JsonValue value)
    {
        TermDefinition? term = active.Term(activeProperty);
        bool isString = value.TryGetValue(out string? text);
        // 1)-2) @id and @vocab coercion of strings.
        if (term?.Type == "@id" && isString) return new JsonObject { ["@id"] = contexts.ExpandIri(active, text, vocab: false, documentRelative: true) };
        if (term?.Type == "@vocab" && isString) return new JsonObject { ["@id"] = contexts.ExpandIri(active, text, vocab: true, documentRelative: true) };
        // 3) A value object.
        // A string is copied as the string already read: cloning a parsed JSON value re-parses it into a document of its own.
        JsonObject result = new() { ["@value"] = isString ? JsonValue.Create(text) : value.DeepClone() };
        // 4) A type coercion.
        if (term?.Type is { } type && type is not ("@id" or "@vocab" or "@none")) result["@type"] = type;
        // 5) Language and direction of strings.
        else if (isString)
        {
            string? language = term is { HasLanguage: true } ? term.Language : active.DefaultLanguage;
            string? direction = term is { HasDirection: true } ? term.Direction : active.DefaultDirection;
            if (language is not null) result["@language"] = language;
            if (direction is not null) result["@direction"] = direction;
        }
        return result;
    }

    private bool IsValueOrIdOnly(ActiveContext active, JsonObject obj)
    {
        bool hasValue = false;
        foreach ((string key, JsonNode? _) in obj)
            if (contexts.ExpandIri(active, key, vocab: true, documentRelative: false) == "@value") hasValue = true;
        if (hasValue) return true;
        return obj.Count == 1 && contexts.ExpandIri(active, obj.First().Key, vocab: true, documentRelative: false) == "@id";
    }

    private static bool IsGraphObject(JsonObject o) =>
        o.ContainsKey("@graph") && o.All(p => p.Key is "@graph" or "@id" or "@index" or "@context");

    private void SafeMode(string reason, string detail)
    {
        if (options.SafeMode) throw new JsonLdSafeModeException(reason, detail);
    }

    /// <summary>BCP 47 shape: alphanumeric subtags of 1-8 characters separated by hyphens, the first alphabetic.</summary>
    internal static bool WellFormedLanguage(string tag)
    {
        string[] parts = tag.Split('-');
        return parts[0].Length is >= 1 and <= 8 && parts[0].All(char.IsAsciiLetter)
            && parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }

    internal static IEnumerable<string> SortedKeys(JsonObject obj) => SortedKeys(((IDictionary<string, JsonNode?>)obj).Keys);

    /// <summary>The keys in code point order, copied (the caller may change the collection while reading them).</summary>
    internal static string[] SortedKeys(ICollection<string> keys)
    {
        string[] sorted = new string[keys.Count];
        keys.CopyTo(sorted, 0);
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>The node's items when it is an array, else the node alone; the array is not copied, so callers only read it.</summary>
    internal static IEnumerable<JsonNode?> AsList(JsonNode? node) => node is JsonArray array ? array : new[] { node };

    /// <summary>The node as an array, detaching it from any parent.</summary>
    internal static JsonArray AsArray(JsonNode? node)
    {
        if (node is JsonArray array)
        {
            if (array.Parent is null) return array;
            return (JsonArray)array.DeepClone();
        }
        JsonArray result = [];
        if (node is not null) result.Add(node.Parent is null ? node : node.DeepClone());
        return result;
    }

    internal static JsonNode? Detach(JsonObject owner, string key)
    {
        JsonNode? node = owner[key];
        owner.Remove(key);
        return node;
    }

    /// <summary>Appends values (an array is spread) to the array under <paramref name="property"/>.</summary>
    internal static void AddValues(JsonObject target, string property, JsonNode? values)
    {
        if (target[property] is not JsonArray list) target[property] = list = [];
        if (values is JsonArray array)
        {
            JsonNode?[] items = [.. array];
            array.Clear();
            foreach (JsonNode? v in items) list.Add(v);
        }
        else
        {
            if (values?.Parent is JsonObject po) po.Remove(po.First(p => ReferenceEquals(p.Value, values)).Key);
            else if (values?.Parent is JsonArray pa) pa.Remove(values);
            list.Add(values);
        }
    }
}
