using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Ports;

/// <summary>
/// Uploaded evidence files: the record and its bytes in one document (one atomic insert; files are bounded by
/// <c>BadgeIssuer:Assessment:MaxFileBytes</c>, at most 15 MiB so a MongoDB document holds one), never changed.
/// </summary>
public interface IEvidenceFileStore
{
    /// <summary>Stores a file with its bytes; <see cref="WriteOutcome.Conflict"/> when one with its id exists.</summary>
    Task<WriteOutcome> InsertAsync(EvidenceFile file, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The file's record without its bytes, or <c>null</c>.</summary>
    Task<EvidenceFile?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>The file's bytes, or <c>null</c>.</summary>
    Task<byte[]?> ReadContentAsync(string id, CancellationToken cancellationToken);
}
