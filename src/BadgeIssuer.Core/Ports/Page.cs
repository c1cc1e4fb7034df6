namespace BadgeIssuer.Core.Ports;

/// <summary>A page of a listing, ordered by id; <see cref="NextCursor"/> is <c>null</c> on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor)
{
    /// <summary>Every item of a listing: <paramref name="read"/> is given each page's cursor (<c>null</c> first) until the last page.</summary>
    public static async Task<List<T>> AllAsync(Func<string?, Task<Page<T>>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        List<T> all = [];
        string? cursor = null;
        do
        {
            Page<T> page = await read(cursor);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
