using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Api.Problems;

/// <summary>Date-time query parameters: ISO 8601, UTC unless an offset is given.</summary>
internal static class QueryDate
{
    /// <summary>The value of the parameter <paramref name="name"/>, or <c>null</c>; a text that is no date-time adds its problem to <paramref name="errors"/>.</summary>
    public static DateTimeOffset? Read(string? text, string name, List<FieldError> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out DateTimeOffset value)) return value;
        errors.Add(new FieldError("/" + name, $"must be an ISO 8601 date-time such as 2026-09-01T00:00:00Z; found '{Check.Shorten(text)}'."));
        return null;
    }
}
