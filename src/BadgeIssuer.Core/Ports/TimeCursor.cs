namespace BadgeIssuer.Core.Ports;

/// <summary>
/// The position after an item in a listing ordered by time, then id, as an opaque cursor: the time's UTC ticks and
/// the id (one of <see cref="Ids"/>), so the next page starts exactly after it even when many items share a time.
/// </summary>
public static class TimeCursor
{
    /// <summary>The cursor after the item at <paramref name="at"/> with id <paramref name="id"/>.</summary>
    public static string After(DateTimeOffset at, string id) => $"{at.UtcTicks}.{id}";

    /// <summary>Reads a cursor; <c>false</c> when it is not one this service made.</summary>
    public static bool TryParse(string? cursor, out DateTimeOffset at, out string id)
    {
        at = default;
        id = "";
        int dot = cursor?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || !long.TryParse(cursor![..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || !Ids.IsWellFormed(cursor[(dot + 1)..]))
            return false;
        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = cursor[(dot + 1)..];
        return true;
    }

    /// <summary>The problem of a <paramref name="cursor"/> this service did not make; <c>null</c> when there is none or it reads.</summary>
    public static InvalidQuery<T>? Unreadable<T>(string? cursor) =>
        cursor is not null && !TryParse(cursor, out _, out _)
            ? new InvalidQuery<T>([new Validation.FieldError("/cursor", "is not a cursor this service returned; start again without one.")])
            : null;
}
