using System.Security.Cryptography;
using System.Text;
using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Assessment;

/// <summary>The upload is larger than <c>BadgeIssuer:Assessment:MaxFileBytes</c> (<paramref name="MaxBytes"/>); nothing was stored.</summary>
public sealed record EvidenceTooLarge(long MaxBytes) : Outcome<EvidenceFile>;

/// <summary>
/// The upload's bytes are none of <see cref="EvidenceContentTypes.Accepted"/> (<paramref name="Recognised"/> is
/// <c>null</c>), or its declared type (<paramref name="Declared"/>) says something else than the bytes; nothing was stored.
/// </summary>
public sealed record EvidenceTypeRefused(string? Declared, string? Recognised) : Outcome<EvidenceFile>
{
    /// <summary>What the refusal tells the client: the type found and the one declared, or the types accepted.</summary>
    public string Detail => Recognised is null
        ? $"The file is none of the accepted types: {string.Join(", ", EvidenceContentTypes.Accepted)}."
        : $"The file was declared as {Check.Shorten(Declared ?? "")} but its bytes are {EvidenceContentTypes.MediaType(Recognised)}; send it with Content-Type {EvidenceContentTypes.MediaType(Recognised)} (or application/octet-stream).";
}

/// <summary>An evidence file's record and bytes, as the public download serves them.</summary>
public sealed record EvidenceFileContent(EvidenceFile File, byte[] Bytes);

/// <summary>
/// Evidence files teachers upload for a submission: read within <see cref="AssessmentSettings.MaxFileBytes"/> (never
/// more into memory), typed from their bytes (<see cref="EvidenceContentTypes"/>), hashed (SHA-256), stored once with
/// their bytes in one write, and recorded in the audit trail (<see cref="AuditActions.EvidenceUploaded"/>).
/// </summary>
public sealed class EvidenceFileService(IEvidenceFileStore store, IIssuerStore issuers, AuditTrail audit, BadgeIssuerOptions options, TimeProvider time)
{
    /// <summary>The longest file name kept (display only).</summary>
    public const int MaxFileNameLength = 200;

    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// Stores the file read from <paramref name="content"/> for <paramref name="issuerId"/>. At most
    /// <see cref="AssessmentSettings.MaxFileBytes"/> + 1 bytes are read: one more is <see cref="EvidenceTooLarge"/>.
    /// An empty file is <see cref="Invalid{T}"/>; bytes of no accepted type, or a <paramref name="declaredContentType"/>
    /// that disagrees with them (absent and <c>application/octet-stream</c> declare nothing), are
    /// <see cref="EvidenceTypeRefused"/>. <paramref name="fileName"/> is kept for display only, sanitised
    /// (<see cref="SanitiseFileName"/>).
    /// </summary>
    public async Task<Outcome<EvidenceFile>> UploadAsync(string issuerId, Stream content, string? declaredContentType, string? fileName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<EvidenceFile>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        long maxBytes = options.Assessment.MaxFileBytes;
        byte[]? bytes = await ReadAtMostAsync(content, maxBytes, cancellationToken);
        if (bytes is null) return new EvidenceTooLarge(maxBytes);
        if (bytes.Length == 0) return new Invalid<EvidenceFile>([new FieldError("", "The file is empty: send its bytes as the request body.")]);

        string? recognised = EvidenceContentTypes.Recognise(bytes);
        string? declared = Declared(declaredContentType);
        if (recognised is null || (declared is not null && !EvidenceContentTypes.Agrees(declared, recognised)))
            return new EvidenceTypeRefused(declared, recognised);

        EvidenceFile file = new(Ids.New(), issuerId, Convert.ToHexStringLower(SHA256.HashData(bytes)), recognised, bytes.Length, SanitiseFileName(fileName), time.GetUtcNow());
        WriteOutcome written = await audit.RecordAsync(AuditChange.Of(issuerId, AuditActions.EvidenceUploaded, 1, ("evidenceFileId", file.Id)),
            () => store.InsertAsync(file, bytes, cancellationToken), cancellationToken);
        return written == WriteOutcome.Written
            ? new Done<EvidenceFile>(file, Created: true)
            : new Conflict<EvidenceFile>("An evidence file with this id already exists; upload it again.");
    }

    /// <summary>The issuer's evidence file; <see cref="NotFound{T}"/> when there is none with that id for this issuer.</summary>
    public async Task<Outcome<EvidenceFile>> GetAsync(string issuerId, string fileId, CancellationToken cancellationToken) =>
        await store.GetAsync(fileId, cancellationToken) is { } file && string.Equals(file.IssuerId, issuerId, StringComparison.Ordinal)
            ? new Done<EvidenceFile>(file)
            : new NotFound<EvidenceFile>($"Issuer '{Check.Shorten(issuerId)}' has no evidence file '{Check.Shorten(fileId)}'.");

    /// <summary>A file's record and bytes for the public download (the id is the capability), or <c>null</c>.</summary>
    public async Task<EvidenceFileContent?> OpenAsync(string fileId, CancellationToken cancellationToken)
    {
        if (!Ids.IsWellFormed(fileId) || await store.GetAsync(fileId, cancellationToken) is not { } file) return null;
        return await store.ReadContentAsync(fileId, cancellationToken) is { } bytes ? new EvidenceFileContent(file, bytes) : null;
    }

    /// <summary>
    /// A file name fit to show and to put in a Content-Disposition header: its last path segment (after <c>/</c> or
    /// <c>\</c>), without control and format characters (so no line breaks and no bidirectional overrides that disguise
    /// an extension), trimmed, at most <see cref="MaxFileNameLength"/> characters without splitting a character;
    /// <c>null</c> when nothing (or only <c>.</c> / <c>..</c>) is left.
    /// </summary>
    public static string? SanitiseFileName(string? fileName)
    {
        if (fileName is null) return null;
        string last = fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..];
        StringBuilder kept = new(Math.Min(last.Length, MaxFileNameLength));
        foreach (Rune rune in last.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format) continue;
            if (kept.Length + rune.Utf16SequenceLength > MaxFileNameLength) break;
            kept.Append(rune.ToString());
        }
        string name = kept.ToString().Trim();
        return name is "" or "." or ".." ? null : name;
    }

    /// <summary>The declared media type, or <c>null</c> when the client declared none that says anything (absent, or <c>application/octet-stream</c>).</summary>
    private static string? Declared(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        string type = EvidenceContentTypes.MediaType(contentType);
        return type is "" or "application/octet-stream" ? null : type;
    }

    /// <summary>The stream's bytes, or <c>null</c> once more than <paramref name="maxBytes"/> have come (reading stops there).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        using MemoryStream buffer = new();
        byte[] chunk = new byte[ChunkBytes];
        int read;
        while ((read = await content.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes) return null;
        }
        return buffer.ToArray();
    }
}
