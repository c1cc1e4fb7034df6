// A batch as a spreadsheet exports it: RFC 4180 CSV, UTF-8 with or without a byte order mark, a header row naming
// the columns. Every row becomes the BatchEntry the JSON form makes, so BatchService and BatchProcessor do not know
// which form a batch came in. Unlike the JSON form, a CSV is checked whole before it is stored: a spreadsheet user
// fixes the cells the problem names and sends the file again, rather than finding half of a program issued.
using System.Globalization;
using System.Text;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Validation;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace BadgeIssuer.Api.Batches;

/// <summary>The entries read from a CSV batch, or the problem response that says which rows and columns to fix.</summary>
public readonly record struct CsvBatchRead(IReadOnlyList<BatchEntry>? Entries, ProblemHttpResult? Problem);

/// <summary>
/// Reads an award batch sent as <c>text/csv</c> (RFC 4180) with CsvHelper. Columns: <c>email</c>, <c>name</c> and
/// <c>achievementId</c> (required); <c>recipientId</c>, <c>narrative</c>, <c>validUntil</c>, <c>notify</c>; one column
/// per result description of the achievement, named by its key (a rubric criterion's cell is its
/// <c>achievedLevel</c>, any other result's cell its <c>value</c>); evidence URLs in <c>evidence</c>, <c>evidence2</c>,
/// <c>evidence3</c>, ... Problems point at <c>/rows/{row}/{column}</c>, rows numbered as a spreadsheet shows them
/// (the header is row 1).
/// </summary>
public sealed class CsvBatchReader(AchievementService achievements, TimeProvider time)
{
    /// <summary>The media type of a CSV batch and of CSV results (RFC 4180 §3, RFC 7111).</summary>
    public const string MediaType = "text/csv";

    /// <summary>The column of the recipient's e-mail address.</summary>
    public const string Email = "email";

    /// <summary>The column of the recipient's display name.</summary>
    public const string Name = "name";

    /// <summary>The column of the achievement to award.</summary>
    public const string AchievementId = "achievementId";

    /// <summary>The column of the recipient's id (a DID or URL), optional.</summary>
    public const string RecipientId = "recipientId";

    /// <summary>The column of the narrative (Markdown), optional.</summary>
    public const string Narrative = "narrative";

    /// <summary>The column of the expiry (ISO 8601 date or date-time), optional.</summary>
    public const string ValidUntil = "validUntil";

    /// <summary>The column of <c>true</c>/<c>false</c>: whether the claim link is e-mailed, optional.</summary>
    public const string Notify = "notify";

    /// <summary>The first evidence URL column; the next ones are <c>evidence2</c>, <c>evidence3</c>, ...</summary>
    public const string Evidence = "evidence";

    /// <summary>The most problems one answer lists; a file with more is mostly wrong in the same way.</summary>
    public const int MaxErrors = 1000;

    private static readonly string[] Required = [Email, Name, AchievementId];
    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal) { Email, Name, AchievementId, RecipientId, Narrative, ValidUntil, Notify };
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>True for <c>text/csv</c>, with any parameters (charset, header).</summary>
    public static bool IsCsv(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? media) && media.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Reads <paramref name="bytes"/> (already within the batch byte limit) into entries of <paramref name="issuerId"/>:
    /// a 400 when the file is not UTF-8 or not CSV (naming the row), a 422 listing every refused column or cell.
    /// </summary>
    public async Task<CsvBatchRead> ReadAsync(string issuerId, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ReadOnlySpan<byte> content = bytes.Span;
        if (content.StartsWith(Encoding.UTF8.Preamble)) content = content[Encoding.UTF8.Preamble.Length..];
        if (!System.Text.Unicode.Utf8.IsValid(content))
            return Malformed("The CSV is not valid UTF-8; save it as \"CSV UTF-8\" and send it again.");

        string? badRow = null;
        int row = 0;
        CsvConfiguration configuration = new(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            IgnoreBlankLines = true,
            DetectColumnCountChanges = false,
            MissingFieldFound = null,
            BadDataFound = args => badRow ??= $"row {args.Context.Parser?.Row ?? row}",
        };
        using StringReader text = new(Encoding.UTF8.GetString(content));
        using CsvReader csv = new(text, configuration);

        if (!ReadRecord(csv, ref row, out string[]? header, ref badRow))
            return badRow is not null ? Malformed($"The CSV is malformed at {badRow}: a quote is not closed, or a field has a quote inside that is not doubled (RFC 4180 §2).")
                : Refused([new FieldError("/rows/1", $"must be the header row; the CSV is empty. Required columns: {string.Join(", ", Required)}.")]);
        Columns? columns = ColumnsOf(header!, out List<FieldError> headerErrors);
        if (columns is null) return Refused(headerErrors);

        List<FieldError> errors = [];
        List<BatchEntry> entries = [];
        int rows = 0;
        Dictionary<string, Achievement?> known = new(StringComparer.Ordinal);
        DateTimeOffset now = time.GetUtcNow();
        while (ReadRecord(csv, ref row, out string[]? record, ref badRow))
        {
            if (rows++ == AwardBatch.MaxEntries)
                return Refused([new FieldError("/rows", $"must hold 1 to {AwardBatch.MaxEntries} award rows after the header; found more.")]);
            (BatchEntry? entry, IReadOnlyList<FieldError> rowErrors) = await RowAsync(issuerId, columns, record!, row, known, now, cancellationToken);
            if (errors.Count < MaxErrors) errors.AddRange(rowErrors.Take(MaxErrors - errors.Count));
            if (entry is not null) entries.Add(entry);
        }
        if (badRow is not null)
            return Malformed($"The CSV is malformed at {badRow}: a quote is not closed, or a field has a quote inside that is not doubled (RFC 4180 §2).");
        if (rows == 0)
            return Refused([new FieldError("/rows", $"must hold 1 to {AwardBatch.MaxEntries} award rows after the header; found none.")]);
        HashSet<string> keys = new(known.Values.SelectMany(a => a?.ResultDescriptions.Select(d => d.Key) ?? []), StringComparer.Ordinal);
        foreach (string criterion in columns.Criteria.Where(c => !keys.Contains(c)).Take(Math.Max(0, MaxErrors - errors.Count)))
            errors.Add(new FieldError(Pointer(1, criterion), $"is not a column of a CSV batch nor a result description of the achievements named in it; columns: {string.Join(", ", Fixed)}, evidence, evidence2, ..., and the achievement's result description keys."));
        return errors.Count > 0 ? Refused(errors) : new CsvBatchRead(entries, null);
    }

    /// <summary>Reads the next record; false at the end or at bad data (then <paramref name="badRow"/> says where).</summary>
    private static bool ReadRecord(CsvReader csv, ref int row, out string[]? record, ref string? badRow)
    {
        record = null;
        if (badRow is not null || !csv.Read() || badRow is not null) return false;
        row++;
        record = csv.Parser.Record;
        return record is not null;
    }

    /// <summary>The header's columns, or <c>null</c> with the errors when a required column is missing or one repeats.</summary>
    private static Columns? ColumnsOf(string[] header, out List<FieldError> errors)
    {
        errors = [];
        Dictionary<string, int> at = new(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            string name = header[i].Trim();
            if (name.Length == 0) errors.Add(new FieldError("/rows/1", $"column {i + 1} has no name; name every column in the header row."));
            else if (!at.TryAdd(name, i)) errors.Add(new FieldError(Pointer(1, name), "appears more than once in the header row; keep one column of each name."));
        }
        foreach (string required in Required.Where(r => !at.ContainsKey(r)))
            errors.Add(new FieldError(Pointer(1, required), $"is a required column and the header row has none; required columns: {string.Join(", ", Required)}."));
        if (errors.Count > 0) return null;
        List<(string Name, int Index)> evidence = [];
        List<string> criteria = [];
        foreach ((string name, int index) in at.OrderBy(p => p.Value))
        {
            if (Fixed.Contains(name)) continue;
            if (EvidenceNumber(name) is { } number) evidence.Add((name, number));
            else criteria.Add(name);
        }
        return new Columns(at, header.Length, [.. evidence.OrderBy(e => e.Index).Select(e => e.Name)], criteria);
    }

    /// <summary>1 for <c>evidence</c>, n for <c>evidence{n}</c> (n ≥ 2, no leading zero), else <c>null</c>.</summary>
    private static int? EvidenceNumber(string name)
    {
        if (name == Evidence) return 1;
        if (!name.StartsWith(Evidence, StringComparison.Ordinal)) return null;
        string digits = name[Evidence.Length..];
        return digits.Length is > 0 and <= 3 && digits[0] != '0' && digits.All(char.IsAsciiDigit)
            && int.Parse(digits, CultureInfo.InvariantCulture) is var n && n >= 2 ? n : null;
    }

    /// <summary>The row's entry, or its problems in the order of its columns, left to right.</summary>
    private async Task<(BatchEntry? Entry, IReadOnlyList<FieldError> Errors)> RowAsync(string issuerId, Columns columns, string[] record, int row,
        Dictionary<string, Achievement?> known, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (record.Length != columns.Count)
        {
            string where = record.Length < columns.Count ? Pointer(row, columns.NameAt(record.Length)) : $"/rows/{row}";
            return (null, [new FieldError(where, $"row {row} has {record.Length} fields and the header row {columns.Count}; every row needs one field per column (quote a field that holds a comma).")]);
        }
        List<FieldError> errors = [];
        string? Cell(string column) => columns.At.TryGetValue(column, out int i) && record[i].Trim() is { Length: > 0 } value ? value : null;

        string? achievementId = Cell(AchievementId);
        Achievement? achievement = null;
        if (achievementId is null) errors.Add(new FieldError(Pointer(row, AchievementId), "is empty; give the id of the achievement to award."));
        else if (!known.TryGetValue(achievementId, out achievement))
        {
            achievement = await achievements.GetAsync(issuerId, achievementId, cancellationToken) is Done<Achievement> { Value: var fetched } ? fetched : null;
            known[achievementId] = achievement;
        }
        if (achievementId is not null && achievement is null)
            errors.Add(new FieldError(Pointer(row, AchievementId), $"'{Check.Shorten(achievementId)}' is not an achievement of this issuer."));

        DateTimeOffset? validUntil = null;
        if (Cell(ValidUntil) is { } until)
        {
            if (DateTimeOffset.TryParseExact(until, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset parsed)) validUntil = parsed;
            else errors.Add(new FieldError(Pointer(row, ValidUntil), $"'{Check.Shorten(until)}' is not a date; write 2027-06-30 or 2027-06-30T00:00:00Z (ISO 8601)."));
        }
        bool quiet = false;
        if (Cell(Notify) is { } notify)
        {
            if (bool.TryParse(notify, out bool send)) quiet = !send;
            else errors.Add(new FieldError(Pointer(row, Notify), $"'{Check.Shorten(notify)}' is not true or false; leave it empty to e-mail the claim link."));
        }

        List<(string Column, SubmittedResult Result)> results = [];
        foreach (string criterion in columns.Criteria)
        {
            if (Cell(criterion) is not { } cell) continue;
            ResultDescription? description = achievement?.ResultDescriptions.FirstOrDefault(d => d.Key == criterion);
            if (achievement is not null && description is null)
                errors.Add(new FieldError(Pointer(row, criterion),
                    $"is not a result description of achievement '{Check.Shorten(achievementId!)}'; its columns are: {string.Join(", ", achievement.ResultDescriptions.Select(d => d.Key))}."));
            else if (description is not null)
                results.Add((criterion, description.RubricCriterionLevels.Count > 0 ? new SubmittedResult(criterion, AchievedLevel: cell) : new SubmittedResult(criterion, Value: cell)));
        }
        List<(string Column, EvidenceItem Item)> evidence = [.. columns.Evidence.Where(c => Cell(c) is not null).Select(c => (c, new EvidenceItem(Id: Cell(c))))];

        IssueAwardCommand command = new(issuerId, achievementId ?? "", new Recipient(Cell(Email), Cell(RecipientId), Cell(Name)),
            [.. results.Select(r => r.Result)], [.. evidence.Select(e => e.Item)], Cell(Narrative), validUntil, null);
        string ColumnOf(string pointer)
        {
            string[] parts = pointer.Split('/');
            return parts switch
            {
                [_, "recipient", "id", ..] => RecipientId,
                [_, "recipient", "name", ..] => Name,
                [_, "recipient", ..] => Email,
                [_, "results", var i, ..] when int.TryParse(i, CultureInfo.InvariantCulture, out int n) && n < results.Count => results[n].Column,
                [_, "evidence", var i, ..] when int.TryParse(i, CultureInfo.InvariantCulture, out int n) && n < evidence.Count => evidence[n].Column,
                [_, "evidence", ..] => Evidence,
                [_, "narrative", ..] => Narrative,
                [_, "validUntil", ..] => ValidUntil,
                _ => "",
            };
        }
        IEnumerable<FieldError> found = command.Validate(now);
        if (achievement is not null) found = found.Concat(CriteriaEvaluator.Validate(achievement, command.Results));
        errors.AddRange(found.Select(e => ColumnOf(e.Pointer) is { Length: > 0 } column ? new FieldError(Pointer(row, column), e.Detail) : new FieldError($"/rows/{row}", e.Detail)));
        string prefix = $"/rows/{row}/";
        int Position(FieldError e) => e.Pointer.StartsWith(prefix, StringComparison.Ordinal)
            && columns.At.TryGetValue(e.Pointer[prefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal), out int i) ? i : -1;
        return errors.Count > 0 ? (null, [.. errors.OrderBy(Position)]) : (new BatchEntry(command, null, quiet), []);
    }

    /// <summary><c>/rows/{row}/{column}</c>, the column name escaped as a JSON Pointer token (RFC 6901 §3).</summary>
    public static string Pointer(int row, string column) =>
        $"/rows/{row}/{column.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}";

    private static CsvBatchRead Malformed(string detail) =>
        new(null, ApiProblems.Result(StatusCodes.Status400BadRequest, ProblemTypes.MalformedCsv, detail));

    private static CsvBatchRead Refused(IReadOnlyList<FieldError> errors) => new(null, ApiProblems.Invalid(errors));

    /// <summary>The header: where each column is, how many there are, the evidence columns in order, the criterion columns.</summary>
    private sealed record Columns(Dictionary<string, int> At, int Count, IReadOnlyList<string> Evidence, IReadOnlyList<string> Criteria)
    {
        public string NameAt(int index) => At.First(p => p.Value == index).Key;
    }
}
