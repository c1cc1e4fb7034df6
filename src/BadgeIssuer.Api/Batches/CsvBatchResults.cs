using System.Globalization;
using System.Text;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using CsvHelper;
using CsvHelper.Configuration;

namespace BadgeIssuer.Api.Batches;

/// <summary>
/// A batch's per-entry results as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read it as UTF-8), one
/// line per entry: <c>row</c> (the entry's row in a CSV batch, the header being row 1), <c>entry</c> (its index),
/// <c>outcome</c>, <c>awardId</c>, <c>claim</c> (the claim link while there is one) and <c>problems</c>. A cell that
/// starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed with <c>'</c>, so a
/// spreadsheet shows it rather than runs it as a formula (OWASP "CSV Injection").
/// </summary>
public sealed class CsvBatchResults(BatchService batches, IAwardStore awards, ClaimService claims)
{
    /// <summary>Results read per page from the store.</summary>
    private const int PageSize = 1000;

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        NewLine = "\r\n",
    };

    /// <summary>Every result of <paramref name="batch"/> so far, in entry order, as CSV bytes.</summary>
    public async Task<byte[]> WriteAsync(AwardBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using StringWriter text = new(CultureInfo.InvariantCulture);
        await using (CsvWriter csv = Writer(text))
        {
            int after = -1;
            IReadOnlyList<BatchEntryResult> page;
            do
            {
                page = await batches.ResultsAsync(batch.Id, after, PageSize, cancellationToken);
                foreach (BatchEntryResult result in page)
                {
                    string? claim = result.AwardId is not null && await awards.GetAsync(result.AwardId, cancellationToken) is { } award ? claims.ClaimUrl(award) : null;
                    WriteRow(csv, result, claim);
                }
                if (page.Count > 0) after = page[^1].Index;
            }
            while (page.Count == PageSize);
        }
        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    /// <summary>A writer of results to <paramref name="text"/>, its header row written.</summary>
    internal static CsvWriter Writer(TextWriter text)
    {
        CsvWriter csv = new(text, Configuration);
        foreach (string header in (string[])["row", "entry", "outcome", "awardId", "claim", "problems"]) csv.WriteField(header);
        csv.NextRecord();
        return csv;
    }

    /// <summary>Writes the line of one result, with its claim link if it has one.</summary>
    internal static void WriteRow(CsvWriter csv, BatchEntryResult result, string? claim)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(result);
        csv.WriteField((result.Index + 2).ToString(CultureInfo.InvariantCulture));
        csv.WriteField(result.Index.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(result.Outcome);
        csv.WriteField(result.AwardId ?? "");
        csv.WriteField(claim ?? "");
        csv.WriteField(string.Join("; ", result.Problems.Select(p => Problem(result.Index, p))));
        csv.NextRecord();
    }

    /// <summary>A problem as one line: its pointer within the entry (when it names more than the entry) and what is wrong.</summary>
    private static string Problem(int index, FieldError problem)
    {
        string prefix = $"/entries/{index}";
        string pointer = problem.Pointer.StartsWith(prefix, StringComparison.Ordinal) ? problem.Pointer[prefix.Length..] : problem.Pointer;
        return pointer.Length == 0 ? problem.Detail : $"{pointer} {problem.Detail}";
    }
}
