using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.Problems;

/// <summary>A request body read as a <typeparamref name="T"/>, or the problem response that explains why it could not be.</summary>
public readonly record struct BodyResult<T>(T? Value, ProblemHttpResult? Problem) where T : class;

/// <summary>
/// Reads JSON request bodies strictly and safely: media type checked (415), size capped at 1 MiB (413), nesting capped
/// at 64 levels, syntax errors with line and column, wrong types, missing and unknown fields as JSON Pointers (400).
/// </summary>
public sealed class JsonBody
{
    /// <summary>The largest request body accepted.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    /// <summary>Options for request DTOs: exact names, no unknown fields, nullability and required members enforced.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        MaxDepth = MaxDepth,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>Reads the body of <paramref name="http"/> as JSON into <typeparamref name="T"/>.</summary>
    public async Task<BodyResult<T>> ReadAsync<T>(HttpContext http) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!IsJson(http.Request.ContentType))
            return Fail<T>(ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                $"Send the body as application/json; found '{http.Request.ContentType ?? "no Content-Type"}'."));
        (byte[]? bytes, ProblemHttpResult? tooLarge) = await ReadBytesAsync(http, MaxBytes);
        if (tooLarge is not null) return Fail<T>(tooLarge);
        if (CheckSyntax(bytes!) is { } syntaxProblem) return Fail<T>(syntaxProblem);
        try
        {
            T? value = JsonSerializer.Deserialize<T>(bytes, Options);
            return value is null
                ? Fail<T>(ApiProblems.Unreadable([new FieldError("", "must be a JSON object, not null.")]))
                : new BodyResult<T>(value, null);
        }
        catch (JsonException ex)
        {
            return Fail<T>(ApiProblems.Unreadable([Describe(ex, typeof(T))]));
        }
    }

    /// <summary>
    /// Reads the body as <see cref="ReadAsync{T}"/> does, but a request without a body reads as <paramref name="empty"/>:
    /// for operations whose every field is optional. Whether there is a body is the server's own reading of the message
    /// (<see cref="IHttpRequestBodyDetectionFeature"/>: in HTTP/1.1 neither Content-Length nor Transfer-Encoding, RFC 9112
    /// §6.3, or a Content-Length of 0; in HTTP/2 and 3 a request that ends with its headers), whatever Content-Type says.
    /// </summary>
    public Task<BodyResult<T>> ReadOptionalAsync<T>(HttpContext http, T empty) where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        bool noBody = http.Request.ContentLength is 0 || http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false };
        return noBody ? Task.FromResult(new BodyResult<T>(empty, null)) : ReadAsync<T>(http);
    }

    /// <summary>Reads a body that must be one JSON object of any shape (a credential), within the size and depth limits.</summary>
    public async Task<BodyResult<JsonObject>> ReadObjectAsync(HttpContext http, int limit)
    {
        ArgumentNullException.ThrowIfNull(http);
        (byte[]? bytes, ProblemHttpResult? tooLarge) = await ReadBytesAsync(http, limit);
        if (tooLarge is not null) return Fail<JsonObject>(tooLarge);
        if (CheckSyntax(bytes!) is { } syntaxProblem) return Fail<JsonObject>(syntaxProblem);
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false }) is JsonObject obj
                ? new BodyResult<JsonObject>(obj, null)
                : Fail<JsonObject>(ApiProblems.Unreadable([new FieldError("", "must be a JSON object: the credential.")]));
        }
        catch (JsonException)
        {
            return Fail<JsonObject>(ApiProblems.Result(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not valid JSON: a member name appears twice."));
        }
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; a larger body is a 413 problem.</summary>
    public async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpContext http, int limit)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.ContentLength > limit) return (null, TooLarge(limit));
        // Sized from Content-Length when it is given, so a large body (a 10,000-entry batch is ~11 MB) is neither
        // copied at each doubling of the buffer nor once more at the end.
        using MemoryStream buffer = new((int)(http.Request.ContentLength ?? 0));
        byte[] chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit) return (null, TooLarge(limit));
            buffer.Write(chunk, 0, read);
        }
        return (buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray(), null);
    }

    /// <summary>True for <c>application/json</c> and <c>application/*+json</c>.</summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.MediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && media.MediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    private static ProblemHttpResult TooLarge(int limit) =>
        ApiProblems.Result(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, $"The body must be at most {limit} bytes.");

    private static ProblemHttpResult? CheckSyntax(byte[] bytes) =>
        SyntaxProblem(bytes) is { } problem ? ApiProblems.Result(StatusCodes.Status400BadRequest, problem.Type, problem.Detail) : null;

    /// <summary>
    /// One forward pass with a reader: invalid UTF-8, syntax errors and excessive depth, without building anything.
    /// Returns the problem type and a detail naming the place, or <c>null</c> when the JSON is well-formed.
    /// </summary>
    public static (string Type, string Detail)? SyntaxProblem(ReadOnlySpan<byte> bytes)
    {
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
            return (ProblemTypes.MalformedJson, "The body is not valid UTF-8; JSON must be sent as UTF-8 (RFC 8259 §8.1).");
        Utf8JsonReader reader = new(bytes, new JsonReaderOptions { MaxDepth = MaxDepth + 2, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= MaxDepth)
                    return (ProblemTypes.JsonTooDeep, $"JSON nesting deeper than {MaxDepth} levels is not accepted (at byte {reader.TokenStartIndex}).");
            }
            return null;
        }
        catch (JsonException ex)
        {
            return (ProblemTypes.MalformedJson,
                $"The body is not valid JSON: line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}. Check for a missing comma, quote or bracket.");
        }
    }

    /// <summary>
    /// Turns an error deserializing <paramref name="target"/> into a field error with a JSON Pointer and a plain-language
    /// fix. A value of the wrong type is described by the type declared at its place, found by walking
    /// <paramref name="target"/>'s serialization contract along the pointer.
    /// </summary>
    public static FieldError Describe(JsonException ex, Type target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(ex);
        string pointer = ToPointer(ex.Path);
        string message = ex.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return new FieldError(pointer, "is not a field of this request; remove it (field names are case-sensitive).");
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            string names = Between(message, "including: ", ".");
            return new FieldError(pointer, $"is missing required field(s) {names}.");
        }
        if (message.Contains("doesn't allow", StringComparison.Ordinal) && message.Contains("null", StringComparison.Ordinal))
            return new FieldError(pointer, "must not be null; give a value or leave the field out if it is optional.");
        if (message.Contains("could not be converted to", StringComparison.Ordinal))
            return new FieldError(pointer, TypeAt(target, pointer) is { } expected ? $"has the wrong type; expected {Expected(expected)}." : "has the wrong type.");
        return new FieldError(pointer, "could not be read; check its type and value.");
    }

    /// <summary>The type declared at <paramref name="pointer"/> inside <paramref name="root"/>, or <c>null</c> when the contract has no such place.</summary>
    private static Type? TypeAt(Type root, string pointer)
    {
        Type type = root;
        foreach (string token in pointer.Split('/').Skip(1))
        {
            string name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (ElementType(Nullable.GetUnderlyingType(type) ?? type) is { } element)
            {
                type = element;
                continue;
            }
            JsonTypeInfo info = Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            if (info.Kind != JsonTypeInfoKind.Object || info.Properties.FirstOrDefault(p => p.Name == name) is not { } property) return null;
            type = property.PropertyType;
        }
        return Nullable.GetUnderlyingType(type) ?? type;
    }

    /// <summary>The element type of an array or list type (not of a string or a dictionary), else <c>null</c>.</summary>
    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || Options.GetTypeInfo(type).Kind != JsonTypeInfoKind.Enumerable) return null;
        return type.IsArray ? type.GetElementType() : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }

    /// <summary>What a JSON value of <paramref name="type"/> looks like, in words.</summary>
    private static string Expected(Type type) => Type.GetTypeCode(type) switch
    {
        _ when type.IsEnum => "one of the values this field allows, as a string",
        TypeCode.String or TypeCode.Char => "a string",
        TypeCode.Boolean => "true or false",
        TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
        TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date-time with a time zone, e.g. 2027-06-30T00:00:00Z",
        _ when ElementType(type) is not null => "an array",
        _ => "an object",
    };

    private static string Between(string text, string start, string end)
    {
        int i = text.IndexOf(start, StringComparison.Ordinal);
        if (i < 0) return "";
        i += start.Length;
        int j = text.IndexOf(end, i, StringComparison.Ordinal);
        return j < 0 ? text[i..] : text[i..j];
    }

    /// <summary>Converts a System.Text.Json path (<c>$.results[0].value</c>) to a JSON Pointer (<c>/results/0/value</c>).</summary>
    public static string ToPointer(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "";
        System.Text.StringBuilder pointer = new();
        int i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            char c = path[i];
            if (c == '.')
            {
                int end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[') end++;
                pointer.Append('/').Append(Escape(path[(i + 1)..end]));
                i = end;
            }
            else if (c == '[')
            {
                int end = path.IndexOf(']', i);
                if (end < 0) break;
                string inner = path[(i + 1)..end];
                if (inner.StartsWith('\'') && inner.EndsWith('\'') && inner.Length >= 2) inner = inner[1..^1];
                pointer.Append('/').Append(Escape(inner));
                i = end + 1;
            }
            else i++;
        }
        return pointer.ToString();
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static BodyResult<T> Fail<T>(ProblemHttpResult problem) where T : class => new(null, problem);
}
