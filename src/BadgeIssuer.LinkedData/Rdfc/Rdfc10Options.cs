using System.Security.Cryptography;

namespace BadgeIssuer.LinkedData.Rdfc;

/// <summary>Options of <see cref="Rdfc10.Canonicalize"/>.</summary>
public sealed record Rdfc10Options
{
    /// <summary>The default options: SHA-256 and the poison-graph limits below.</summary>
    public static readonly Rdfc10Options Default = new();

    /// <summary>The hash function (RDFC-1.0 §4.2): SHA-256 (default) or SHA-384.</summary>
    public HashAlgorithmName HashAlgorithm { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>
    /// The poison-graph defence (RDFC-1.0 §4.4.3): Hash N-Degree Quads may run at most
    /// (number of blank nodes without a unique first-degree hash) ^ <see cref="WorkFactor"/> times for any one
    /// blank node. 3 passes the whole W3C suite, including its "evil" datasets, and stops its 10-clique.
    /// </summary>
    public int WorkFactor { get; init; } = 3;

    /// <summary>An absolute cap on Hash N-Degree Quads calls and permutations over the whole run.</summary>
    public long MaxTotalWork { get; init; } = 5_000_000;

    /// <summary>
    /// The caller's work allowance and cancellation token, charged for every hash and every quad written; <c>null</c>
    /// (the default): only the limits above bound the work.
    /// </summary>
    public WorkMeter? Meter { get; init; }
}
