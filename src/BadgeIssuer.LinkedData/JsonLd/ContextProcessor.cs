// JSON-LD 1.1 Processing Algorithms and API §4.1.2 (Context Processing), §4.2.2 (Create Term Definition),
// §5.2.2 (IRI Expansion).
using System.Text.Json.Nodes;

namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>Processes local contexts into active contexts and expands IRIs against them.</summary>
internal sealed class ContextProcessor(JsonLdOptions options, bool synchronous, CancellationToken cancellationToken)
{
    private static readonly HashSet<string> ContextKeywords = new(StringComparer.Ordinal)
    {
        "@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab",
    };

    private static readonly HashSet<string> TermKeys = new(StringComparer.Ordinal)
    {
        "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix", "@protected", "@type",
    };

    private readonly Dictionary<string, RemoteDocument> _loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// Context processing, served from <see cref="ContextCache"/> when the result only depends on pinned inputs: the
    /// active context's own derivation and a remote context URL or the scoped context of a shared term definition.
    /// </summary>
    public async ValueTask<ActiveContext> ProcessAsync(ActiveContext active, JsonNode? local, string? baseUrl, List<string>? remoteContexts = null,
        bool overrideProtected = false, bool propagate = true, bool validateScoped = true, int depth = 0, TermDefinition? scopedBy = null)
    {
        // An array of context URLs is processed URL by URL, so each step can come from the cache.
        if (active.Derived is not null && remoteContexts is null or { Count: 0 } && local is JsonArray urls && urls.Count > 0
            && urls.All(c => c is JsonValue v && v.TryGetValue(out string? _)))
        {
            foreach (JsonNode? url in urls) active = await ProcessAsync(active, url, baseUrl, null, overrideProtected, propagate, validateScoped, depth);
            return active;
        }
        string? contextUrl = local is JsonValue value && value.TryGetValue(out string? u) ? u : null;
        if (active.Derived is not { } derived || (contextUrl is null && scopedBy is not { Shared: true }) || remoteContexts is { Count: > 0 })
            return await ProcessUncachedAsync(active, local, baseUrl, remoteContexts, overrideProtected, propagate, validateScoped, depth);
        Derivation how = new(contextUrl, contextUrl is null ? scopedBy!.Id : 0, baseUrl, overrideProtected, propagate, validateScoped);
        if (derived.TryGetValue(how, out ActiveContext? cached)) return cached;
        ActiveContext result = await ProcessUncachedAsync(active, local, baseUrl, remoteContexts, overrideProtected, propagate, validateScoped, depth);
        ContextCache.For(options.DocumentLoader).Add(active, how, result);
        return result;
    }

    private async ValueTask<ActiveContext> ProcessUncachedAsync(ActiveContext active, JsonNode? local, string? baseUrl, List<string>? remoteContexts,
        bool overrideProtected, bool propagate, bool validateScoped, int depth)
    {
        if (depth > options.Limits.MaxContextDepth)
            throw new JsonLdLimitExceededException(JsonLdLimit.ContextDepth, $"Context processing nested deeper than {options.Limits.MaxContextDepth} levels.");
        remoteContexts ??= [];
        // 1) result is a copy of the active context (not shared unless Process shares it).
        ActiveContext result = active.Clone();
        // 2) @propagate of a local context object overrides the argument.
        if (local is JsonObject localObject && localObject.TryGetPropertyValue("@propagate", out JsonNode? propagateValue))
        {
            if (propagateValue is not JsonValue pv || !pv.TryGetValue(out bool p))
                throw new JsonLdException(JsonLdErrorCode.InvalidAtPropagateValue, "@propagate must be true or false.");
            propagate = p;
        }
        // 3) Without propagation, remember the context to revert to.
        if (!propagate && result.PreviousContext is null) result.PreviousContext = active;
        // 4) Make local an array.
        IEnumerable<JsonNode?> contexts = local is JsonArray array ? array : new JsonNode?[] { local };
        // 5) For each context:
        foreach (JsonNode? context in contexts)
        {
            // 5.1) null resets the context, unless protected terms forbid it.
            if (context is null)
            {
                if (!overrideProtected && result.HasProtectedTerms())
                    throw new JsonLdException(JsonLdErrorCode.InvalidContextNullification, "A context with protected terms cannot be set to null.");
                ActiveContext previous = result;
                result = new ActiveContext(active.OriginalBaseUrl);
                if (!propagate) result.PreviousContext = previous;
                continue;
            }
            // 5.2) A string is a remote context.
            if (context is JsonValue stringValue && stringValue.TryGetValue(out string? reference))
            {
                result = await ProcessRemoteAsync(result, reference, baseUrl, remoteContexts, validateScoped, depth);
                continue;
            }
            // 5.3) Anything but an object is an error.
            if (context is not JsonObject definition)
                throw new JsonLdException(JsonLdErrorCode.InvalidLocalContext, $"A context must be an object, a string or null; found {context.ToJsonString()}.");
            result = await ProcessObjectAsync(result, definition, baseUrl, remoteContexts, overrideProtected, validateScoped, depth);
        }
        return result;
    }

    private async ValueTask<ActiveContext> ProcessRemoteAsync(ActiveContext result, string reference, string? baseUrl, List<string> remoteContexts, bool validateScoped, int depth)
    {
        // 5.2.1) Resolve against the base URL.
        string url = Iri.Resolve(baseUrl, reference);
        // 5.2.2) Within scoped contexts, a context already being processed is not processed again.
        if (!validateScoped && remoteContexts.Contains(url)) return result;
        // 5.2.3)-5.2.4) Guard the number of remote contexts, and remember this one.
        if (remoteContexts.Count >= options.Limits.MaxContextDepth)
            throw new JsonLdException(JsonLdErrorCode.ContextOverflow, $"More than {options.Limits.MaxContextDepth} remote contexts were followed.");
        remoteContexts.Add(url);
        // 5.2.5) Dereference (once per run), requiring an object with @context.
        if (!_loaded.TryGetValue(url, out RemoteDocument? document)) _loaded[url] = document = await LoadAsync(url, "context");
        if (document.Document is not JsonObject remote || !remote.TryGetPropertyValue("@context", out JsonNode? remoteContext))
            throw new JsonLdException(JsonLdErrorCode.InvalidRemoteContext, $"The document at '{url}' has no top-level @context.");
        // 5.2.6) Process it with its own URL as base.
        return await ProcessAsync(result, remoteContext, document.DocumentUrl, remoteContexts, validateScoped: validateScoped, depth: depth + 1);
    }

    private async ValueTask<ActiveContext> ProcessObjectAsync(ActiveContext result, JsonObject context, string? baseUrl, List<string> remoteContexts, bool overrideProtected, bool validateScoped, int depth)
    {
        // 5.5) @version must be 1.1.
        if (context.TryGetPropertyValue("@version", out JsonNode? version))
        {
            if (version is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.Number
                || double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) != 1.1)
                throw new JsonLdException(JsonLdErrorCode.InvalidAtVersionValue, "@version must be the number 1.1.");
            if (options.Is10) throw new JsonLdException(JsonLdErrorCode.ProcessingModeConflict, "@version 1.1 in json-ld-1.0 mode.");
        }
        // 5.6) @import merges a remote context's definitions under this one's.
        if (context.TryGetPropertyValue("@import", out JsonNode? import))
        {
            if (options.Is10) throw new JsonLdException(JsonLdErrorCode.InvalidContextEntry, "@import is not available in json-ld-1.0.");
            if (import is not JsonValue iv || !iv.TryGetValue(out string? importReference))
                throw new JsonLdException(JsonLdErrorCode.InvalidAtImportValue, "@import must be a string.");
            string url = Iri.Resolve(baseUrl, importReference);
            RemoteDocument document = await LoadAsync(url, "imported context");
            if (document.Document is not JsonObject imported || imported["@context"] is not JsonObject importedContext)
                throw new JsonLdException(JsonLdErrorCode.InvalidRemoteContext, $"The imported document '{url}' has no @context object.");
            if (importedContext.ContainsKey("@import"))
                throw new JsonLdException(JsonLdErrorCode.InvalidContextEntry, "An imported context must not itself use @import.");
            JsonObject merged = (JsonObject)importedContext.DeepClone();
            foreach ((string key, JsonNode? value) in context) merged[key] = value?.DeepClone();
            context = merged;
        }
        // 5.7) @base, only when not inside a remote context.
        if (context.TryGetPropertyValue("@base", out JsonNode? baseValue) && remoteContexts.Count == 0)
        {
            if (baseValue is null) result.BaseIri = null;
            else if (baseValue is JsonValue bv && bv.TryGetValue(out string? b))
            {
                if (Iri.IsAbsolute(b)) result.BaseIri = b;
                else if (result.BaseIri is not null) result.BaseIri = Iri.Resolve(result.BaseIri, b);
                else throw new JsonLdException(JsonLdErrorCode.InvalidBaseIri, $"@base '{b}' is relative and there is no base to resolve it against.");
            }
            else throw new JsonLdException(JsonLdErrorCode.InvalidBaseIri, "@base must be a string or null.");
        }
        // 5.8) @vocab.
        if (context.TryGetPropertyValue("@vocab", out JsonNode? vocab))
        {
            if (vocab is null) result.Vocab = null;
            else if (vocab is JsonValue vv && vv.TryGetValue(out string? vocabString))
            {
                if (!Iri.IsAbsoluteOrBlank(vocabString) && options.Is10)
                    throw new JsonLdException(JsonLdErrorCode.InvalidVocabMapping, "@vocab must be an absolute IRI in json-ld-1.0.");
                string? expanded = ExpandIri(result, vocabString, vocab: true, documentRelative: true);
                if (expanded is null || (!Iri.IsAbsoluteOrBlank(expanded) && expanded.Length > 0 && !options.Is10 && result.BaseIri is null && !Iri.IsAbsolute(expanded)))
                    throw new JsonLdException(JsonLdErrorCode.InvalidVocabMapping, $"@vocab '{vocabString}' is not an IRI.");
                result.Vocab = expanded;
                if (options.SafeMode && !Iri.IsAbsoluteOrBlank(expanded)) throw new JsonLdSafeModeException("relative @vocab reference", $"@vocab '{vocabString}' does not resolve to an absolute IRI.");
            }
            else throw new JsonLdException(JsonLdErrorCode.InvalidVocabMapping, "@vocab must be a string or null.");
        }
        // 5.9) @language.
        if (context.TryGetPropertyValue("@language", out JsonNode? language))
        {
            if (language is null) result.DefaultLanguage = null;
            else if (language is JsonValue lv && lv.TryGetValue(out string? lang)) result.DefaultLanguage = lang.ToLowerInvariant();
            else throw new JsonLdException(JsonLdErrorCode.InvalidDefaultLanguage, "@language must be a string or null.");
        }
        // 5.10) @direction.
        if (context.TryGetPropertyValue("@direction", out JsonNode? direction))
        {
            if (options.Is10) throw new JsonLdException(JsonLdErrorCode.InvalidContextEntry, "@direction is not available in json-ld-1.0.");
            if (direction is null) result.DefaultDirection = null;
            else if (direction is JsonValue dv && dv.TryGetValue(out string? d) && d is "ltr" or "rtl") result.DefaultDirection = d;
            else throw new JsonLdException(JsonLdErrorCode.InvalidBaseDirection, "@direction must be \"ltr\", \"rtl\" or null.");
        }
        // 5.11) @propagate is only checked here (applied in step 2).
        if (context.ContainsKey("@propagate") && options.Is10)
            throw new JsonLdException(JsonLdErrorCode.InvalidContextEntry, "@propagate is not available in json-ld-1.0.");
        // 5.12)-5.13) Create a term definition for every other key.
        bool protectedDefault = false;
        if (context.TryGetPropertyValue("@protected", out JsonNode? prot))
        {
            if (prot is not JsonValue pv || !pv.TryGetValue(out protectedDefault))
                throw new JsonLdException(JsonLdErrorCode.InvalidAtProtectedValue, "@protected must be true or false.");
        }
        Dictionary<string, bool> defined = new(StringComparer.Ordinal);
        foreach ((string key, JsonNode? _) in context)
        {
            if (ContextKeywords.Contains(key)) continue;
            await CreateTermDefinitionAsync(result, context, key, defined, baseUrl, protectedDefault, overrideProtected, remoteContexts, validateScoped, depth);
        }
        return result;
    }

    /// <summary>§4.2.2 Create Term Definition.</summary>
    private async ValueTask CreateTermDefinitionAsync(ActiveContext active, JsonObject local, string term, Dictionary<string, bool> defined, string? baseUrl,
        bool protectedDefault, bool overrideProtected, List<string> remoteContexts, bool validateScoped, int depth)
    {
        // 1) Already defined, or being defined (a cycle).
        if (defined.TryGetValue(term, out bool done))
        {
            if (done) return;
            throw new JsonLdException(JsonLdErrorCode.CyclicIriMapping, $"The term '{term}' is defined in terms of itself.");
        }
        // 2) The empty term is invalid.
        if (term.Length == 0) throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, "The empty string cannot be a term.");
        defined[term] = false;
        // 3) value.
        JsonNode? value = local[term];
        // 4) @type may only be given @container @set and @protected.
        if (term == "@type" && !options.Is10)
        {
            if (value is not JsonObject typeDefinition || typeDefinition.Count == 0
                || typeDefinition.Any(p => !(p.Key == "@container" && p.Value is JsonValue c && c.TryGetValue(out string? cs) && cs == "@set") && p.Key != "@protected"))
                throw new JsonLdException(JsonLdErrorCode.KeywordRedefinition, "@type may only be given @container: @set and @protected.");
        }
        else if (Keywords.IsKeyword(term))
        {
            // 5) Keywords cannot be redefined.
            throw new JsonLdException(JsonLdErrorCode.KeywordRedefinition, $"The keyword {term} cannot be redefined.");
        }
        else if (Keywords.HasKeywordForm(term))
        {
            // 5) Keyword-like terms are ignored (with a warning).
            return;
        }
        // 6) Remember and remove any previous definition.
        TermDefinition? previous = active.Term(term);
        active.Terms.Remove(term);
        // 7)-9) Normalise value to an object.
        bool simpleTerm = false;
        JsonObject map;
        if (value is null) map = new JsonObject { ["@id"] = null };
        else if (value is JsonValue sv && sv.TryGetValue(out string? s))
        {
            map = new JsonObject { ["@id"] = s };
            simpleTerm = true;
        }
        else if (value is JsonObject o) map = o;
        else throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, $"The definition of '{term}' must be a string, an object or null.");
        // 10) A new definition.
        TermDefinition definition = new();
        // 11) @protected.
        if (map.TryGetPropertyValue("@protected", out JsonNode? protectedValue))
        {
            if (options.Is10) throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, "@protected is not available in json-ld-1.0.");
            if (protectedValue is not JsonValue pv || !pv.TryGetValue(out bool p))
                throw new JsonLdException(JsonLdErrorCode.InvalidAtProtectedValue, "@protected must be true or false.");
            definition.Protected = p;
        }
        else definition.Protected = protectedDefault;
        // 12) @type.
        if (map.TryGetPropertyValue("@type", out JsonNode? typeValue))
        {
            if (typeValue is not JsonValue tv || !tv.TryGetValue(out string? type))
                throw new JsonLdException(JsonLdErrorCode.InvalidTypeMapping, $"The @type of '{term}' must be a string.");
            type = await ExpandIriDefiningAsync(active, type, vocab: true, documentRelative: false, local, defined, depth);
            if (type is "@json" or "@none" && options.Is10)
                throw new JsonLdException(JsonLdErrorCode.InvalidTypeMapping, $"{type} as a type is not available in json-ld-1.0.");
            if (type is not ("@id" or "@json" or "@none" or "@vocab") && (type is null || !Iri.IsAbsolute(type)))
                throw new JsonLdException(JsonLdErrorCode.InvalidTypeMapping, $"The @type of '{term}' must be @id, @json, @none, @vocab or an absolute IRI.");
            definition.Type = type;
        }
        // 13) @reverse.
        if (map.TryGetPropertyValue("@reverse", out JsonNode? reverseValue))
        {
            if (map.ContainsKey("@id") || map.ContainsKey("@nest"))
                throw new JsonLdException(JsonLdErrorCode.InvalidReverseProperty, $"'{term}' cannot have both @reverse and @id or @nest.");
            if (reverseValue is not JsonValue rv || !rv.TryGetValue(out string? reverse))
                throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The @reverse of '{term}' must be a string.");
            if (Keywords.HasKeywordForm(reverse)) return;
            definition.Iri = await ExpandIriDefiningAsync(active, reverse, vocab: true, documentRelative: false, local, defined, depth);
            if (definition.Iri is null || !Iri.IsAbsoluteOrBlank(definition.Iri))
                throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The @reverse of '{term}' must expand to an IRI or blank node.");
            if (map.TryGetPropertyValue("@container", out JsonNode? reverseContainer))
            {
                if (reverseContainer is not null && !(reverseContainer is JsonValue rc && rc.TryGetValue(out string? c) && c is "@set" or "@index"))
                    throw new JsonLdException(JsonLdErrorCode.InvalidReverseProperty, $"A reverse property's container must be @set, @index or null.");
                definition.Container = reverseContainer is null ? null : [reverseContainer.GetValue<string>()];
            }
            if (map.TryGetPropertyValue("@index", out JsonNode? reverseIndex) && reverseIndex is JsonValue ri && ri.TryGetValue(out string? reverseIndexName))
                definition.Index = reverseIndexName;
            definition.Reverse = true;
            active.Terms[term] = definition;
            defined[term] = true;
            return;
        }
        // 14)-18) The IRI mapping.
        if (map.TryGetPropertyValue("@id", out JsonNode? idValue) && !(idValue is JsonValue same && same.TryGetValue(out string? sameId) && sameId == term))
        {
            if (idValue is null)
            {
                // 14.1) An explicit null: the term maps to nothing and is ignored when expanding.
                definition.Iri = null;
            }
            else
            {
                if (idValue is not JsonValue iv || !iv.TryGetValue(out string? id))
                    throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The @id of '{term}' must be a string.");
                if (!Keywords.IsKeyword(id) && Keywords.HasKeywordForm(id)) return;
                definition.Iri = await ExpandIriDefiningAsync(active, id, vocab: true, documentRelative: false, local, defined, depth);
                if (definition.Iri is null || !(Keywords.IsKeyword(definition.Iri) || Iri.IsAbsoluteOrBlank(definition.Iri)))
                    throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The @id of '{term}' must expand to a keyword, an IRI or a blank node.");
                if (definition.Iri == "@context") throw new JsonLdException(JsonLdErrorCode.InvalidKeywordAlias, "@context cannot be aliased.");
                // 14.2.4) A term that looks like an IRI must expand to itself.
                bool colonInside = ColonAfterFirst(term) is > 0 and int c && c < term.Length - 1;
                if (colonInside || term.Contains('/', StringComparison.Ordinal))
                {
                    defined[term] = true;
                    if (await ExpandIriDefiningAsync(active, term, vocab: true, documentRelative: false, local, defined, depth) != definition.Iri)
                        throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The term '{term}' looks like an IRI but maps to another one.");
                }
                // 14.2.5) A simple term ending in a gen-delim can be a prefix.
                if (!term.Contains(':', StringComparison.Ordinal) && !term.Contains('/', StringComparison.Ordinal) && simpleTerm
                    && (definition.Iri.StartsWith("_:", StringComparison.Ordinal) || definition.Iri[^1] is ':' or '/' or '?' or '#' or '[' or ']' or '@'))
                    definition.Prefix = true;
            }
        }
        else if (ColonAfterFirst(term) > 0)
        {
            // 15) A compact IRI or an IRI as the term.
            int colon = ColonAfterFirst(term);
            string prefix = term[..colon];
            string suffix = term[(colon + 1)..];
            if (local.ContainsKey(prefix)) await CreateTermDefinitionAsync(active, local, prefix, defined, baseUrl, protectedDefault, overrideProtected, remoteContexts, validateScoped, depth);
            definition.Iri = active.Term(prefix) is { Iri: { } prefixIri } ? prefixIri + suffix : term;
        }
        else if (term.Contains('/', StringComparison.Ordinal))
        {
            // 16) A relative IRI as the term: it expands with @vocab (and no local context).
            definition.Iri = ExpandIri(active, term, vocab: true, documentRelative: false);
            if (definition.Iri is null || !Iri.IsAbsolute(definition.Iri))
                throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The term '{term}' does not expand to an IRI.");
        }
        else if (term == "@type")
        {
            // 17)
            definition.Iri = "@type";
        }
        else
        {
            // 18) Otherwise the vocabulary mapping makes the IRI.
            if (active.Vocab is null)
                throw new JsonLdException(JsonLdErrorCode.InvalidIriMapping, $"The term '{term}' has no @id and there is no @vocab.");
            definition.Iri = active.Vocab + term;
        }
        // 19) @container.
        if (map.TryGetPropertyValue("@container", out JsonNode? containerValue))
            definition.Container = ValidateContainer(term, containerValue, definition);
        // 20) @index.
        if (map.TryGetPropertyValue("@index", out JsonNode? indexValue))
        {
            if (options.Is10 || !definition.HasContainer("@index"))
                throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, $"'{term}' has @index without an @index container.");
            if (indexValue is not JsonValue ix || !ix.TryGetValue(out string? index) || Keywords.IsKeyword(index)
                || await ExpandIriDefiningAsync(active, index, vocab: true, documentRelative: false, local, defined, depth) is not { } expandedIndex || !Iri.IsAbsolute(expandedIndex))
                throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, $"The @index of '{term}' must be a property that expands to an IRI.");
            definition.Index = index;
        }
        // 21) @context: a scoped context, validated now, kept unprocessed.
        if (map.TryGetPropertyValue("@context", out JsonNode? scoped))
        {
            if (options.Is10) throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, "Scoped contexts are not available in json-ld-1.0.");
            try
            {
                await ProcessAsync(active, scoped, baseUrl, [.. remoteContexts], overrideProtected: true, validateScoped: false, depth: depth + 1);
            }
            catch (JsonLdException ex) when (ex.Code is not (JsonLdErrorCode.LoadingRemoteContextFailed or JsonLdErrorCode.ContextOverflow))
            {
                throw new JsonLdException(JsonLdErrorCode.InvalidScopedContext, $"The scoped context of '{term}' is invalid: {ex.Message}");
            }
            definition.Context = scoped;
            definition.HasContext = true;
            definition.BaseUrl = baseUrl;
        }
        // 22) @language (without @type).
        if (map.TryGetPropertyValue("@language", out JsonNode? languageValue) && !map.ContainsKey("@type"))
        {
            if (languageValue is not null && !(languageValue is JsonValue lv && lv.TryGetValue(out string? _)))
                throw new JsonLdException(JsonLdErrorCode.InvalidLanguageMapping, $"The @language of '{term}' must be a string or null.");
            definition.Language = languageValue?.GetValue<string>().ToLowerInvariant();
            definition.HasLanguage = true;
        }
        // 23) @direction (without @type).
        if (map.TryGetPropertyValue("@direction", out JsonNode? directionValue) && !map.ContainsKey("@type"))
        {
            if (directionValue is not null && !(directionValue is JsonValue dv && dv.TryGetValue(out string? d) && d is "ltr" or "rtl"))
                throw new JsonLdException(JsonLdErrorCode.InvalidBaseDirection, $"The @direction of '{term}' must be \"ltr\", \"rtl\" or null.");
            definition.Direction = directionValue?.GetValue<string>();
            definition.HasDirection = true;
        }
        // 24) @nest.
        if (map.TryGetPropertyValue("@nest", out JsonNode? nestValue))
        {
            if (options.Is10) throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, "@nest is not available in json-ld-1.0.");
            if (nestValue is not JsonValue nv || !nv.TryGetValue(out string? nest) || (Keywords.IsKeyword(nest) && nest != "@nest"))
                throw new JsonLdException(JsonLdErrorCode.InvalidAtNestValue, $"The @nest of '{term}' must be a term or @nest.");
            definition.Nest = nest;
        }
        // 25) @prefix.
        if (map.TryGetPropertyValue("@prefix", out JsonNode? prefixValue))
        {
            if (options.Is10 || term.Contains(':', StringComparison.Ordinal) || term.Contains('/', StringComparison.Ordinal))
                throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, $"'{term}' cannot have @prefix.");
            if (prefixValue is not JsonValue xv || !xv.TryGetValue(out bool isPrefix))
                throw new JsonLdException(JsonLdErrorCode.InvalidAtPrefixValue, "@prefix must be true or false.");
            if (isPrefix && Keywords.IsKeyword(definition.Iri))
                throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, "A keyword alias cannot be a prefix.");
            definition.Prefix = isPrefix;
        }
        // 26) No other entries.
        foreach ((string key, JsonNode? _) in map)
            if (!TermKeys.Contains(key))
                throw new JsonLdException(JsonLdErrorCode.InvalidTermDefinition, $"'{key}' is not allowed in the definition of '{term}'.");
        // 27) A protected term may only be redefined identically.
        if (!overrideProtected && previous is { Protected: true })
        {
            if (!definition.SameAs(previous))
                throw new JsonLdException(JsonLdErrorCode.ProtectedTermRedefinition, $"The protected term '{term}' cannot be redefined.");
            definition = previous;
        }
        // 28) Store it.
        active.Terms[term] = definition;
        defined[term] = true;
    }

    private List<string> ValidateContainer(string term, JsonNode? value, TermDefinition definition)
    {
        List<string> container = [];
        if (value is JsonValue single && single.TryGetValue(out string? one)) container.Add(one);
        else if (value is JsonArray many && !options.Is10)
        {
            foreach (JsonNode? item in many)
            {
                if (item is not JsonValue iv || !iv.TryGetValue(out string? s))
                    throw new JsonLdException(JsonLdErrorCode.InvalidContainerMapping, $"The @container of '{term}' must hold strings.");
                container.Add(s);
            }
        }
        else throw new JsonLdException(JsonLdErrorCode.InvalidContainerMapping, $"The @container of '{term}' must be a string{(options.Is10 ? "" : " or an array")}.");

        static bool Is(string s, params string[] keywords) => keywords.Contains(s);
        bool valid = container.Count switch
        {
            1 => Is(container[0], "@graph", "@id", "@index", "@language", "@list", "@set", "@type"),
            _ when container.Contains("@graph") => container.All(c => Is(c, "@graph", "@id", "@index", "@set")) && !(container.Contains("@id") && container.Contains("@index")),
            _ when container.Contains("@set") => container.Count == 2 && container.All(c => Is(c, "@set", "@index", "@id", "@type", "@language")),
            _ => false,
        };
        if (!valid || container.Distinct(StringComparer.Ordinal).Count() != container.Count)
            throw new JsonLdException(JsonLdErrorCode.InvalidContainerMapping, $"The @container of '{term}' is not a valid combination.");
        if (options.Is10 && container.Any(c => Is(c, "@graph", "@id", "@type")))
            throw new JsonLdException(JsonLdErrorCode.InvalidContainerMapping, $"The @container of '{term}' is not available in json-ld-1.0.");
        if (container.Contains("@type"))
        {
            definition.Type ??= "@id";
            if (definition.Type is not ("@id" or "@vocab"))
                throw new JsonLdException(JsonLdErrorCode.InvalidTypeMapping, $"A @type container needs @type @id or @vocab on '{term}'.");
        }
        return container;
    }

    /// <summary>§5.2.2 IRI Expansion against an active context (no local context being defined).</summary>
    public string? ExpandIri(ActiveContext active, string? value, bool vocab, bool documentRelative)
    {
        // 1) null and keywords expand to themselves.
        if (value is null || Keywords.IsKeyword(value)) return value;
        // 2) Keyword-like values are ignored.
        if (Keywords.HasKeywordForm(value)) return null;
        TermDefinition? term = active.Term(value);
        // 4) A keyword alias.
        if (term is not null && Keywords.IsKeyword(term.Iri)) return term.Iri;
        // 5) A term, with vocab.
        if (vocab && active.Terms.ContainsKey(value)) return term?.Iri;
        // 6) A compact IRI, blank node or absolute IRI.
        int colon = ColonAfterFirst(value);
        if (colon > 0)
        {
            string prefix = value[..colon];
            string suffix = value[(colon + 1)..];
            if (prefix == "_" || suffix.StartsWith("//", StringComparison.Ordinal)) return value;
            if (active.Term(prefix) is { Iri: { } prefixIri, Prefix: true }) return prefixIri + suffix;
            if (Iri.IsAbsolute(value)) return value;
        }
        // 7) The vocabulary mapping.
        if (vocab && active.Vocab is not null) return active.Vocab + value;
        // 8) The base IRI.
        if (documentRelative) return Iri.Resolve(active.BaseIri, value);
        // 9) Unchanged.
        return value;
    }

    /// <summary>
    /// §5.2.2 IRI Expansion while <paramref name="local"/> is being defined: steps 3 and 6.3 first define the value,
    /// or the prefix of a compact IRI, when the local context defines it and it is not defined yet; the other steps
    /// are those of <see cref="ExpandIri"/>.
    /// </summary>
    private async ValueTask<string?> ExpandIriDefiningAsync(ActiveContext active, string? value, bool vocab, bool documentRelative, JsonObject local,
        Dictionary<string, bool> defined, int depth)
    {
        if (value is null || Keywords.IsKeyword(value) || Keywords.HasKeywordForm(value)) return ExpandIri(active, value, vocab, documentRelative);
        bool localProtected = local["@protected"] is JsonValue lp && lp.TryGetValue(out bool lpv) && lpv;
        // 3) Define value first if the local context defines it.
        if (Undefined(value)) await CreateTermDefinitionAsync(active, local, value, defined, null, localProtected, false, [], true, depth);
        // 6.3) Define the prefix of a compact IRI first, unless steps 4 and 5 settle the value.
        TermDefinition? term = active.Term(value);
        bool settled = (term is not null && Keywords.IsKeyword(term.Iri)) || (vocab && active.Terms.ContainsKey(value));
        int colon = ColonAfterFirst(value);
        if (!settled && colon > 0 && value[..colon] is var prefix && prefix != "_" && !value.AsSpan(colon + 1).StartsWith("//", StringComparison.Ordinal) && Undefined(prefix))
            await CreateTermDefinitionAsync(active, local, prefix, defined, null, localProtected, false, [], true, depth);
        return ExpandIri(active, value, vocab, documentRelative);

        bool Undefined(string name) => local.ContainsKey(name) && (!defined.TryGetValue(name, out bool done) || !done);
    }

    /// <summary>
    /// §5.2.5 (Context Processing, dereference): the document at <paramref name="url"/> from the loader, with the
    /// loader's <c>loading document failed</c> reported as <c>loading remote context failed</c>.
    /// </summary>
    private async ValueTask<RemoteDocument> LoadAsync(string url, string what)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
            throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"The {what} '{url}' is not an absolute IRI, so it cannot be loaded.");
        try
        {
            ValueTask<RemoteDocument> loading = options.DocumentLoader.LoadAsync(uri, cancellationToken);
            if (synchronous && !loading.IsCompleted)
            {
                _ = loading.AsTask().ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                throw new InvalidOperationException($"The document loader did not answer '{url}' at once; use the asynchronous entry points with this loader.");
            }
            return await loading;
        }
        catch (JsonLdException ex) when (ex.Code == JsonLdErrorCode.LoadingDocumentFailed)
        {
            throw new JsonLdException(JsonLdErrorCode.LoadingRemoteContextFailed, $"The {what} '{url}' could not be loaded: {ex.Message}");
        }
    }

    /// <summary>The index of the first ':' after the first character, or -1.</summary>
    private static int ColonAfterFirst(string value) => value.Length > 1 ? value.IndexOf(':', 1) : -1;
}
