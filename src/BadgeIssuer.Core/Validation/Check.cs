using BadgeIssuer.LinkedData.JsonLd;

namespace BadgeIssuer.Core.Validation;

/// <summary>Small field checks shared by the validators; each adds a <see cref="FieldError"/> that says the fix.</summary>
public sealed class Check
{
    private readonly List<FieldError> _errors = [];

    /// <summary>Everything found so far.</summary>
    public IReadOnlyList<FieldError> Errors => _errors;

    /// <summary>Adds an error.</summary>
    public void Fail(string pointer, string detail) => _errors.Add(new FieldError(pointer, detail));

    /// <summary>Required, non-blank text of at most <paramref name="maxLength"/> characters.</summary>
    public void Text(string pointer, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value)) Fail(pointer, "is required and must not be blank.");
        else OptionalText(pointer, value, maxLength);
    }

    /// <summary>Optional text of at most <paramref name="maxLength"/> characters, not blank when given.</summary>
    public void OptionalText(string pointer, string? value, int maxLength)
    {
        if (value is null) return;
        if (string.IsNullOrWhiteSpace(value)) Fail(pointer, "must not be blank; leave it out instead.");
        else if (value.Length > maxLength) Fail(pointer, $"must be at most {maxLength} characters; found {value.Length}.");
    }

    /// <summary>Optional absolute http(s) URL.</summary>
    public void OptionalHttpUrl(string pointer, string? value)
    {
        if (value is null) return;
        if (!IsHttpUrl(value)) Fail(pointer, $"must be an absolute http or https URL{IriShape}; found '{Shorten(value)}'.");
    }

    /// <summary>Optional image reference: an absolute http(s) URL or a <c>data:image/...</c> URI.</summary>
    public void OptionalImage(string pointer, string? value)
    {
        if (value is null) return;
        bool ok = IsHttpUrl(value) || (value.StartsWith("data:image/", StringComparison.Ordinal) && value.Length <= 512 * 1024 && Iri.IsWellFormedAbsolute(value));
        if (!ok) Fail(pointer, $"must be an absolute http(s) URL or a data:image/... URI of at most 512 KiB{IriShape}; found '{Shorten(value)}'.");
    }

    /// <summary>Optional e-mail address (one '@', no spaces, at most 254 characters).</summary>
    public void OptionalEmail(string pointer, string? value)
    {
        if (value is null) return;
        if (!IsEmail(value)) Fail(pointer, $"must be an e-mail address such as name@example.org; found '{Shorten(value)}'.");
    }

    /// <summary>What every IRI a client sends must also be, as the messages say it.</summary>
    public const string IriShape = ", with no spaces, no <>\"{}|\\^` and at most one '#'";

    /// <summary>
    /// True for an absolute http or https URL with a host that is also a well-formed IRI by the canonicalizer's rule
    /// (<see cref="Iri.IsWellFormedAbsolute"/>), so a credential carrying it can be signed.
    /// </summary>
    public static bool IsHttpUrl(string value) =>
        value.Length <= 2048 && Uri.TryCreate(value, UriKind.Absolute, out Uri? uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0 && Iri.IsWellFormedAbsolute(value);

    /// <summary>
    /// True for an absolute IRI with a scheme (<c>did:</c>, <c>urn:</c>, <c>https:</c>, ...) and something after it,
    /// well-formed by the canonicalizer's rule (<see cref="Iri.IsWellFormedAbsolute"/>), so a credential carrying it can be signed.
    /// </summary>
    public static bool IsAbsoluteIri(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length <= 2048 && !value.Any(char.IsWhiteSpace) && value.IndexOf(':', StringComparison.Ordinal) < value.Length - 1 && Iri.IsWellFormedAbsolute(value);
    }

    /// <summary>A pragmatic e-mail shape check: local@domain with a dot in the domain, no spaces.</summary>
    public static bool IsEmail(string value)
    {
        if (value.Length > 254 || value.Any(char.IsWhiteSpace)) return false;
        int at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.');
    }

    /// <summary>A value cut to a length that is safe to echo in a message.</summary>
    public static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
