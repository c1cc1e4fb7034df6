namespace BadgeIssuer.Core.Ports;

/// <summary>What a single-document write did. Stores never throw for these expected cases.</summary>
public enum WriteOutcome
{
    /// <summary>The document was written.</summary>
    Written,
    /// <summary>Nothing was written: a unique key is taken (insert) or the version did not match (update).</summary>
    Conflict,
    /// <summary>Nothing was written: the document to update does not exist.</summary>
    NotFound,
}
