using System.Text.Json;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Awards;
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Validation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Batches;

/// <summary>
/// One entry's result as the API shows it; <paramref name="RecipientKey"/> is the recipient's hashed identity (the
/// batch keeps no plaintext recipient data once an entry has its result).
/// </summary>
public sealed record BatchResultResponse(int Index, string Outcome, string? AwardId, IReadOnlyList<FieldError> Problems, string? RecipientKey);

/// <summary>The JSON body of a batch: the award requests, issued in order (the CSV form carries one per row).</summary>
public sealed record BatchRequest(IReadOnlyList<AwardRequest> Entries);

/// <summary>
/// A batch: its state (<c>queued</c>, <c>running</c>, <c>completed</c>, or <c>parked</c> with <paramref name="Error"/>
/// saying why), its progress counts, and a page of per-entry results (pass <c>nextAfter</c> as <c>after</c>).
/// </summary>
public sealed record BatchResponse(
    string Id, string IssuerId, string State, int Total, int Processed, int Issued, int CriteriaNotMet, int Invalid, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? Error, IReadOnlyList<BatchResultResponse> Results, int? NextAfter);

/// <summary><c>/api/v1/issuers/{issuerId}/award-batches</c>: issue up to 10,000 awards in one request, in the background.</summary>
public static class BatchEndpoints
{
    /// <summary>The largest batch body accepted (10,000 entries of about 3 KB).</summary>
    public const int MaxBytes = 32 * 1024 * 1024;

    public static void MapBatches(this RouteGroupBuilder issuer)
    {
        RouteGroupBuilder group = issuer.MapGroup("/award-batches").WithTags("Award batches");
        group.MapPost("", SubmitAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("SubmitAwardBatch")
            .WithSummary("Issue up to 10,000 awards: {\"entries\": [award requests]}, or text/csv with one row per award (a CSV is checked whole: 422 with /rows/{row}/{column} pointers). 202 with the batch; each entry is issued once, even across restarts (Idempotency-Key supported)")
            .Accepts<BatchRequest>("application/json", CsvBatchReader.MediaType).WithMetadata(new CsvMedia(Request: true))
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{batchId}", GetAsync).RequireScope(Scopes.AwardsRead, Scopes.AwardsIssue)
            .WithName("GetAwardBatch")
            .WithSummary("A batch's state (parked with the error when it failed too often), counts and per-entry results (issued with the award id, criteria not met with the unmet rules, invalid with JSON Pointers, failed with the reason); page with after and limit; with Accept: text/csv, every result as CSV (row, entry, outcome, awardId, claim, problems)")
            .WithMetadata(new CsvMedia(Request: false));
    }

    private static async Task<Results<Accepted<BatchResponse>, ProblemHttpResult>> SubmitAsync(string issuerId, HttpContext http, JsonBody body, CsvBatchReader csv,
        BatchService batches, WorkerSignal signal)
    {
        bool isCsv = CsvBatchReader.IsCsv(http.Request.ContentType);
        if (!isCsv && !JsonBody.IsJson(http.Request.ContentType))
            return ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                "Send the batch as application/json: {\"entries\": [...]}, or as text/csv with a header row.");
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = MaxBytes;
        (byte[]? bytes, ProblemHttpResult? tooLarge) = await body.ReadBytesAsync(http, MaxBytes);
        if (tooLarge is not null) return tooLarge;
        if (isCsv)
        {
            CsvBatchRead read = await csv.ReadAsync(issuerId, bytes, http.RequestAborted);
            return read.Problem ?? await SubmitEntriesAsync(issuerId, http, read.Entries!, batches, signal);
        }
        if (JsonBody.SyntaxProblem(bytes) is { } syntax) return ApiProblems.Result(StatusCodes.Status400BadRequest, syntax.Type, syntax.Detail);
        using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = JsonBody.MaxDepth });
        if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("entries", out JsonElement entries)
            || entries.ValueKind != JsonValueKind.Array || document.RootElement.EnumerateObject().Count() != 1)
            return ApiProblems.Unreadable([new FieldError("/entries", "The body must be {\"entries\": [award requests]}, with nothing else.")]);
        if (entries.GetArrayLength() is 0 or > AwardBatch.MaxEntries)
            return ApiProblems.Invalid([new FieldError("/entries", $"must hold 1 to {AwardBatch.MaxEntries} award requests; found {entries.GetArrayLength()}.")]);

        List<BatchEntry> parsed = [];
        foreach (JsonElement entry in entries.EnumerateArray())
        {
            try
            {
                AwardRequest request = entry.Deserialize<AwardRequest>(JsonBody.Options) ?? throw new JsonException("null entry");
                parsed.Add(new BatchEntry(request.ToCommand(issuerId, null), null, Quiet: request.Notify == false));
            }
            catch (JsonException ex)
            {
                parsed.Add(new BatchEntry(null, [JsonBody.Describe(ex, typeof(AwardRequest))]));
            }
        }
        return await SubmitEntriesAsync(issuerId, http, parsed, batches, signal);
    }

    private static async Task<Results<Accepted<BatchResponse>, ProblemHttpResult>> SubmitEntriesAsync(string issuerId, HttpContext http, IReadOnlyList<BatchEntry> parsed,
        BatchService batches, WorkerSignal signal)
    {
        string? idempotencyKey = http.Request.Headers[AwardEndpoints.IdempotencyKeyHeader].FirstOrDefault();
        Outcome<AwardBatch> outcome = await batches.SubmitAsync(issuerId, idempotencyKey, parsed, http.RequestAborted);
        signal.Wake();
        return outcome.ToResult(d =>
        {
            if (!d.Created) http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Accepted($"/api/v1/issuers/{issuerId}/award-batches/{d.Value.Id}", Response(d.Value, new BatchCounts(0, 0, 0), [], null));
        });
    }

    private static async Task<Results<Ok<BatchResponse>, FileContentHttpResult, ProblemHttpResult>> GetAsync(string issuerId, string batchId, int? after, int? limit,
        HttpContext http, BatchService batches, CsvBatchResults csv, CancellationToken cancellationToken)
    {
        Outcome<BatchProgress> outcome = await batches.GetAsync(issuerId, batchId, cancellationToken);
        if (outcome is not Done<BatchProgress> { Value: var progress }) return outcome.ToProblem();
        if (PublicDocuments.PublicEndpoints.Prefers(http.Request, CsvBatchReader.MediaType))
            return TypedResults.File(await csv.WriteAsync(progress.Batch, cancellationToken), CsvBatchReader.MediaType + "; charset=utf-8; header=present");
        int pageSize = Math.Clamp(limit ?? 100, 1, 1000);
        IReadOnlyList<BatchEntryResult> results = await batches.ResultsAsync(batchId, after ?? -1, pageSize, cancellationToken);
        int? nextAfter = results.Count == pageSize && results[^1].Index + 1 < progress.Batch.EntryCount ? results[^1].Index : null;
        return TypedResults.Ok(Response(progress.Batch, progress.Counts, results, nextAfter));
    }

    private static BatchResponse Response(AwardBatch b, BatchCounts counts, IReadOnlyList<BatchEntryResult> results, int? nextAfter) => new(
        b.Id, b.IssuerId, b.State.ToString().ToLowerInvariant(), b.EntryCount, counts.Processed, counts.Issued, counts.CriteriaNotMet, counts.Invalid, counts.Failed,
        b.CreatedAt, b.CompletedAt, b.State == BatchState.Parked ? b.LastError : null,
        [.. results.Select(r => new BatchResultResponse(r.Index, r.Outcome, r.AwardId, r.Problems, r.RecipientKey))], nextAfter);
}
