// RDFC-1.0 §4.5 Issue Identifier Algorithm.
namespace BadgeIssuer.LinkedData.Rdfc;

/// <summary>Issues identifiers <c>prefix0</c>, <c>prefix1</c>, ... to blank nodes, remembering the order of issue.</summary>
internal sealed class IdentifierIssuer
{
    private readonly string _prefix;
    private readonly Dictionary<string, string> _issued;
    private readonly List<string> _order;

    public IdentifierIssuer(string prefix)
    {
        _prefix = prefix;
        _issued = new Dictionary<string, string>(StringComparer.Ordinal);
        _order = [];
    }

    private IdentifierIssuer(IdentifierIssuer other)
    {
        _prefix = other._prefix;
        _issued = new Dictionary<string, string>(other._issued, StringComparer.Ordinal);
        _order = [.. other._order];
    }

    /// <summary>The existing identifiers, in the order they were issued.</summary>
    public IReadOnlyList<string> IssuedOrder => _order;

    public bool TryGet(string existing, out string issued) => _issued.TryGetValue(existing, out issued!);

    public bool HasId(string existing) => _issued.ContainsKey(existing);

    // 1) If there is a map entry for existing identifier, return it.
    // 2)-5) Otherwise issue prefix + counter, record it, increment the counter.
    public string Issue(string existing)
    {
        if (_issued.TryGetValue(existing, out string? issued)) return issued;
        issued = _prefix + _order.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _issued.Add(existing, issued);
        _order.Add(existing);
        return issued;
    }

    public IdentifierIssuer Copy() => new(this);

    public Dictionary<string, string> ToMap() => new(_issued, StringComparer.Ordinal);
}
