// A BSON document is at most 16 MiB (MongoDB limits, "BSON Document Size"). A batch chunk holds 500 entries as one JSON
// string, and a batch body may be 32 MiB, so one chunk can be larger than a document: it is stored as parts, each a
// document holding a run of the JSON text, and read back by joining them in order. The split is decided before
// anything is inserted.
using System.Globalization;
using System.Text;
using BadgeIssuer.Storage.Documents;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Splits a batch chunk into documents below the BSON size limit, and joins them again.</summary>
public static class MongoChunkParts
{
    /// <summary>
    /// The most UTF-8 bytes of entries text one part holds: 15 MiB, leaving more than a mebibyte of the 16 MiB limit for
    /// the ids, the field names and the BSON framing.
    /// </summary>
    public const int MaxTextBytes = 15 * 1024 * 1024;

    /// <summary>The id of part <paramref name="part"/> of chunk <paramref name="number"/>; part 0 keeps a whole chunk's id.</summary>
    public static string Id(string batchId, int number, int part) =>
        part == 0 ? $"{batchId}.{number.ToString(CultureInfo.InvariantCulture)}" : $"{batchId}.{number.ToString(CultureInfo.InvariantCulture)}.{part.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The chunk as one document when its text fits in <paramref name="maxTextBytes"/>, else as parts that each hold at
    /// most that many bytes of it, cut between UTF-16 code units that do not split a surrogate pair.
    /// </summary>
    public static IReadOnlyList<BatchChunkDocument> Split(BatchChunkDocument chunk, int maxTextBytes = MaxTextBytes)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTextBytes, 4);
        string text = chunk.EntriesJson;
        if (Encoding.UTF8.GetByteCount(text) <= maxTextBytes) return [chunk with { Id = Id(chunk.BatchId, chunk.Number, 0) }];
        List<BatchChunkDocument> parts = [];
        int start = 0;
        do
        {
            int end = start, bytes = 0;
            while (end < text.Length)
            {
                int width = char.IsHighSurrogate(text[end]) && end + 1 < text.Length && char.IsLowSurrogate(text[end + 1]) ? 2 : 1;
                int size = Encoding.UTF8.GetByteCount(text.AsSpan(end, width));
                if (bytes + size > maxTextBytes) break;
                bytes += size;
                end += width;
            }
            parts.Add(chunk with { Id = Id(chunk.BatchId, chunk.Number, parts.Count), EntriesJson = text[start..end] });
            start = end;
        }
        while (start < text.Length);
        return parts;
    }

    /// <summary>The chunk whose parts, in id order, are <paramref name="parts"/>; <c>null</c> when there are none.</summary>
    public static BatchChunkDocument? Join(IReadOnlyList<BatchChunkDocument> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0) return null;
        return parts.Count == 1 ? parts[0] : parts[0] with { EntriesJson = string.Concat(parts.Select(p => p.EntriesJson)) };
    }
}
