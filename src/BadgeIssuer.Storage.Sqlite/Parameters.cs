using BadgeIssuer.Core.Ports;

namespace BadgeIssuer.Storage.Sqlite;

/// <summary>Small helpers for statement parameters and cursor pages.</summary>
internal static class Parameters
{
    /// <summary>No parameters.</summary>
    public static readonly IReadOnlyDictionary<string, object?> None = new Dictionary<string, object?>();

    public static Dictionary<string, object?> Of(params (string Name, object? Value)[] values)
    {
        Dictionary<string, object?> parameters = new(values.Length, StringComparer.Ordinal);
        foreach ((string name, object? value) in values) parameters[name] = value;
        return parameters;
    }

    /// <summary>A page from <paramref name="limit"/> + 1 rows: the extra row only tells that a next page exists.</summary>
    public static Page<TDomain> Page<TDocument, TDomain>(List<TDocument> rows, int limit, Func<TDocument, string> id, Func<TDocument, TDomain> map)
    {
        bool more = rows.Count > limit;
        List<TDocument> page = more ? rows.GetRange(0, limit) : rows;
        return new Page<TDomain>([.. page.Select(map)], more ? id(page[^1]) : null);
    }
}
