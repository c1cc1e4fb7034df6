// JSON-LD 1.1 Processing Algorithms and API §9.4.2 (JsonLdErrorCode).
namespace BadgeIssuer.LinkedData.JsonLd;

/// <summary>The error codes of JSON-LD 1.1 (§9.4.2); <see cref="JsonLdErrors.Text"/> gives the spec's string.</summary>
#pragma warning disable CS1591 // each member is named after the spec's error string, which JsonLdErrors.Text returns
public enum JsonLdErrorCode
{
    CollidingKeywords, ConflictingIndexes, ContextOverflow, CyclicIriMapping, InvalidAtIdValue, InvalidAtImportValue, InvalidAtIncludedValue,
    InvalidAtIndexValue, InvalidAtNestValue, InvalidAtPrefixValue, InvalidAtPropagateValue, InvalidAtProtectedValue,
    InvalidAtReverseValue, InvalidAtVersionValue, InvalidBaseDirection, InvalidBaseIri, InvalidContainerMapping,
    InvalidContextEntry, InvalidContextNullification, InvalidDefaultLanguage, InvalidIriMapping, InvalidJsonLiteral,
    InvalidKeywordAlias, InvalidLanguageMapValue, InvalidLanguageMapping, InvalidLanguageTaggedString,
    InvalidLanguageTaggedValue, InvalidLocalContext, InvalidRemoteContext, InvalidReverseProperty,
    InvalidReversePropertyMap, InvalidReversePropertyValue, InvalidScopedContext, InvalidScriptElement,
    InvalidSetOrListObject, InvalidTermDefinition, InvalidTypeMapping, InvalidTypeValue, InvalidTypedValue,
    InvalidValueObject, InvalidValueObjectValue, InvalidVocabMapping, IriConfusedWithPrefix, KeywordRedefinition,
    LoadingDocumentFailed, LoadingRemoteContextFailed, MultipleContextLinkHeaders, ProcessingModeConflict,
    ProtectedTermRedefinition,
}
#pragma warning restore CS1591

/// <summary>The spec strings of <see cref="JsonLdErrorCode"/>.</summary>
public static class JsonLdErrors
{
    /// <summary>The error code as the spec writes it, e.g. <c>invalid @id value</c>.</summary>
    public static string Text(JsonLdErrorCode code) => code switch
    {
        JsonLdErrorCode.CollidingKeywords => "colliding keywords",
        JsonLdErrorCode.ConflictingIndexes => "conflicting indexes",
        JsonLdErrorCode.ContextOverflow => "context overflow",
        JsonLdErrorCode.CyclicIriMapping => "cyclic IRI mapping",
        JsonLdErrorCode.InvalidAtIdValue => "invalid @id value",
        JsonLdErrorCode.InvalidAtImportValue => "invalid @import value",
        JsonLdErrorCode.InvalidAtIncludedValue => "invalid @included value",
        JsonLdErrorCode.InvalidAtIndexValue => "invalid @index value",
        JsonLdErrorCode.InvalidAtNestValue => "invalid @nest value",
        JsonLdErrorCode.InvalidAtPrefixValue => "invalid @prefix value",
        JsonLdErrorCode.InvalidAtPropagateValue => "invalid @propagate value",
        JsonLdErrorCode.InvalidAtProtectedValue => "invalid @protected value",
        JsonLdErrorCode.InvalidAtReverseValue => "invalid @reverse value",
        JsonLdErrorCode.InvalidAtVersionValue => "invalid @version value",
        JsonLdErrorCode.InvalidBaseDirection => "invalid base direction",
        JsonLdErrorCode.InvalidBaseIri => "invalid base IRI",
        JsonLdErrorCode.InvalidContainerMapping => "invalid container mapping",
        JsonLdErrorCode.InvalidContextEntry => "invalid context entry",
        JsonLdErrorCode.InvalidContextNullification => "invalid context nullification",
        JsonLdErrorCode.InvalidDefaultLanguage => "invalid default language",
        JsonLdErrorCode.InvalidIriMapping => "invalid IRI mapping",
        JsonLdErrorCode.InvalidJsonLiteral => "invalid JSON literal",
        JsonLdErrorCode.InvalidKeywordAlias => "invalid keyword alias",
        JsonLdErrorCode.InvalidLanguageMapValue => "invalid language map value",
        JsonLdErrorCode.InvalidLanguageMapping => "invalid language mapping",
        JsonLdErrorCode.InvalidLanguageTaggedString => "invalid language-tagged string",
        JsonLdErrorCode.InvalidLanguageTaggedValue => "invalid language-tagged value",
        JsonLdErrorCode.InvalidLocalContext => "invalid local context",
        JsonLdErrorCode.InvalidRemoteContext => "invalid remote context",
        JsonLdErrorCode.InvalidReverseProperty => "invalid reverse property",
        JsonLdErrorCode.InvalidReversePropertyMap => "invalid reverse property map",
        JsonLdErrorCode.InvalidReversePropertyValue => "invalid reverse property value",
        JsonLdErrorCode.InvalidScopedContext => "invalid scoped context",
        JsonLdErrorCode.InvalidScriptElement => "invalid script element",
        JsonLdErrorCode.InvalidSetOrListObject => "invalid set or list object",
        JsonLdErrorCode.InvalidTermDefinition => "invalid term definition",
        JsonLdErrorCode.InvalidTypeMapping => "invalid type mapping",
        JsonLdErrorCode.InvalidTypeValue => "invalid type value",
        JsonLdErrorCode.InvalidTypedValue => "invalid typed value",
        JsonLdErrorCode.InvalidValueObject => "invalid value object",
        JsonLdErrorCode.InvalidValueObjectValue => "invalid value object value",
        JsonLdErrorCode.InvalidVocabMapping => "invalid vocab mapping",
        JsonLdErrorCode.IriConfusedWithPrefix => "IRI confused with prefix",
        JsonLdErrorCode.KeywordRedefinition => "keyword redefinition",
        JsonLdErrorCode.LoadingDocumentFailed => "loading document failed",
        JsonLdErrorCode.LoadingRemoteContextFailed => "loading remote context failed",
        JsonLdErrorCode.MultipleContextLinkHeaders => "multiple context link headers",
        JsonLdErrorCode.ProcessingModeConflict => "processing mode conflict",
        JsonLdErrorCode.ProtectedTermRedefinition => "protected term redefinition",
        _ => code.ToString(),
    };
}

/// <summary>A JSON-LD processing error carrying the spec's error code.</summary>
public class JsonLdException(JsonLdErrorCode code, string message) : LinkedDataException($"{JsonLdErrors.Text(code)}: {message}")
{
    /// <summary>The spec error code.</summary>
    public JsonLdErrorCode Code { get; } = code;
}

/// <summary>
/// Safe mode (VC Data Integrity §2.4.3, jsonld.js <c>safe</c>): data that JSON-LD processing would silently drop
/// or cannot turn into RDF is an error, so a signature never covers less than the document says.
/// </summary>
public sealed class JsonLdSafeModeException(string reason, string detail) : LinkedDataException($"{reason}: {detail}")
{
    /// <summary>The kind of loss, as jsonld.js names it (e.g. <c>invalid property</c>, <c>relative @id reference</c>).</summary>
    public string Reason { get; } = reason;
}

/// <summary>Which limit a hostile input exceeded.</summary>
public enum JsonLdLimit
{
    /// <summary>The input document is larger than allowed.</summary>
    InputSize,
    /// <summary>The input nests objects and arrays deeper than allowed.</summary>
    NestingDepth,
    /// <summary>Contexts import or reference each other (or scope each other) deeper than allowed.</summary>
    ContextDepth,
    /// <summary>The output would hold more quads than allowed.</summary>
    OutputSize,
}

/// <summary>Thrown when an input exceeds one of <see cref="JsonLdLimits"/>; never a stack overflow or a hang.</summary>
public sealed class JsonLdLimitExceededException(JsonLdLimit limit, string message) : LinkedDataException(message)
{
    /// <summary>The limit that was exceeded.</summary>
    public JsonLdLimit Limit { get; } = limit;
}
