namespace BadgeIssuer.LinkedData.Rdfc;

/// <summary>
/// Thrown when a dataset needs more work to canonicalize than <see cref="Rdfc10Options"/> allows (a "poison graph",
/// RDFC-1.0 §4.4.3): many interchangeable blank nodes make the algorithm factorial.
/// </summary>
public sealed class CanonicalizationLimitExceededException(string message) : LinkedDataException(message);
