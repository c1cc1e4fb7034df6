namespace BadgeIssuer.LinkedData.Jcs;

/// <summary>Thrown for input that has no RFC 8785 canonical form: invalid JSON, duplicate member names, lone surrogates, non-finite numbers, excessive nesting.</summary>
public sealed class JcsException(string message, Exception? inner = null) : LinkedDataException(message, inner);
