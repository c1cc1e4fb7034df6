using System.Text.Json;

namespace BadgeIssuer.Storage.Contract;

internal static class Same
{
    /// <summary>Field-by-field equality, lists and byte arrays by content, dates to the tick and offset.</summary>
    public static void Equal<T>(T expected, T? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }

    /// <summary>Every item of a listing, following cursors page by page; fails if a page exceeds <paramref name="limit"/>.</summary>
    public static async Task<List<T>> AllPagesAsync<T>(Func<string?, int, Task<Core.Ports.Page<T>>> list, int limit = 2)
    {
        List<T> items = [];
        string? cursor = null;
        do
        {
            Core.Ports.Page<T> page = await list(cursor, limit);
            Assert.True(page.Items.Count <= limit);
            items.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return items;
    }
}
