using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
            return Fail<T>(ApiProblems.Unreadable([Describe(ex)]));
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

    /// <summary>Turns a deserialization error into a field error with a JSON Pointer and a plain-language fix.</summary>
    public static FieldError Describe(JsonException ex)
    {
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
            return new FieldError(pointer, $"has the wrong type; expected {ExpectedType(message)}.");
        return new FieldError(pointer, "could not be read; check its type and value.");
    }

    private static string ExpectedType(string message)
    {
        string target = Between(message, "could not be converted to ", ". Path");
        if (target.Contains("String", StringComparison.Ordinal)) return "a string";
        if (target.Contains("Boolean", StringComparison.Ordinal)) return "true or false";
        if (target.Contains("Int32", StringComparison.Ordinal) || target.Contains("Int64", StringComparison.Ordinal)) return "a whole number";
        if (target.Contains("Double", StringComparison.Ordinal) || target.Contains("Decimal", StringComparison.Ordinal)) return "a number";
        if (target.Contains("DateTimeOffset", StringComparison.Ordinal)) return "a date-time with a time zone, e.g. 2027-06-30T00:00:00Z";
        if (target.Contains("List", StringComparison.Ordinal) || target.Contains("[]", StringComparison.Ordinal)) return "an array";
        return "an object";
    }

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
