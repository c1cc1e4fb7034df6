// One exception base for the library: JSON-LD 1.1 (JsonLdException and its error codes, safe mode, limits),
// RDFC-1.0 (CanonicalizationLimitExceededException), N-Quads, RFC 8785 (JcsException) and the work meter.
namespace BadgeIssuer.LinkedData;

/// <summary>
/// The base of every exception this library throws for its input or its limits, so a caller that only needs to know
/// "this document cannot be processed" catches one type. Misuse (a null argument) is an <see cref="ArgumentException"/>
/// and a cancelled token an <see cref="OperationCanceledException"/>, as in any .NET API; neither derives from this.
/// </summary>
public abstract class LinkedDataException : Exception
{
    /// <summary>An exception with <paramref name="message"/> and, optionally, the exception that caused it.</summary>
    protected LinkedDataException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
