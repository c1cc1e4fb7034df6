using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using ProblemHttpResult = Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult;

namespace BadgeIssuer.Api.Problems;

/// <summary>The one place where Core outcomes become HTTP responses; every case is spelled out.</summary>
public static class OutcomeResults
{
    /// <summary>Maps an outcome: <paramref name="done"/> renders success, every other case becomes its problem.</summary>
    public static Microsoft.AspNetCore.Http.HttpResults.Results<TResult, ProblemHttpResult> ToResult<T, TResult>(this Outcome<T> outcome, Func<Done<T>, TResult> done)
        where TResult : IResult
    {
        ArgumentNullException.ThrowIfNull(done);
        return outcome is Done<T> d ? done(d) : outcome.ToProblem();
    }

    /// <summary>The problem of an outcome that is not <see cref="Done{T}"/>.</summary>
    public static ProblemHttpResult ToProblem<T>(this Outcome<T> outcome) => outcome switch
    {
        NotFound<T> n => ApiProblems.Result(StatusCodes.Status404NotFound, ProblemTypes.NotFound, n.Detail),
        Invalid<T> i => ApiProblems.Invalid(i.Errors),
        InvalidQuery<T> q => ApiProblems.Unreadable(q.Errors),
        Conflict<T> c => ApiProblems.Result(StatusCodes.Status409Conflict, ProblemTypes.Conflict, c.Detail),
        PreconditionFailed<T> p => ApiProblems.Result(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed,
            $"If-Match names an old version; the current version is \"{p.CurrentVersion}\". Read the resource again and retry."),
        CriteriaNotMet c => ApiProblems.Result(StatusCodes.Status422UnprocessableEntity, ProblemTypes.CriteriaNotMet,
            $"{c.Unmet.Count} criteria rule(s) of the achievement are not met; nothing was issued.",
            [.. c.Unmet.Select(u => new ProblemError(u.Rule, u.Detail, u.Code))]),
        IdempotencyKeyReused<T> r => ApiProblems.Result(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            $"The Idempotency-Key '{r.IdempotencyKey}' was already used for a different request; use a new key for a new request."),
        NotAssigned<T> n => ApiProblems.Result(StatusCodes.Status403Forbidden, ProblemTypes.NotAssigned, n.Detail),
        CredentialSchemaViolation s => ApiProblems.Result(StatusCodes.Status400BadRequest, ProblemTypes.SchemaViolation,
            "The credential built from this request does not satisfy the OB 3.0 JSON Schema, so it was not signed.",
            [.. s.Violations.Select(v => new ProblemError(v.Pointer, v.Message))]),
        ExchangeExpired<T> e => ApiProblems.Result(StatusCodes.Status410Gone, ProblemTypes.ExchangeExpired,
            $"This exchange expired at {e.ExpiredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}; open the wallet link on the claim page again for a new one."),
        PresentationRefused r => ApiProblems.Result(StatusCodes.Status422UnprocessableEntity, ProblemTypes.PresentationRefused, r.Failure.Detail,
            [new ProblemError(r.Failure.Pointer, r.Failure.Detail, r.Failure.Code)]),
        EvidenceTooLarge t => ApiProblems.Result(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, $"The file must be at most {t.MaxBytes} bytes."),
        EvidenceTypeRefused r => ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, r.Detail),
        _ => throw new InvalidOperationException($"Unmapped outcome {outcome.GetType().Name}."),
    };

    /// <summary>Parses an <c>If-Match</c> header holding a version ETag (<c>"3"</c>); <c>null</c> when absent or <c>*</c>.</summary>
    public static long? IfMatchVersion(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? value = request.Headers.IfMatch;
        if (string.IsNullOrWhiteSpace(value) || value.Trim() == "*") return null;
        string trimmed = value.Trim();
        if (trimmed.StartsWith("W/", StringComparison.Ordinal)) trimmed = trimmed[2..];
        return long.TryParse(trimmed.Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long v) ? v : -1;
    }

    /// <summary>The ETag of a version.</summary>
    public static string ETag(long version) => $"\"{version}\"";
}
