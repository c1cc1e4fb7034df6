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
}
