// DESIGN §8 "work is budgeted" (issue 11): one allowance per verification, shared by every proof, endorsement and status
// list it touches, so no input can keep the verifier busy for longer than the deadline or make it decode or read without end.
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Proofs.DataIntegrity;
using BadgeIssuer.LinkedData;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>What one verification may spend: its deadline and its allowances of work, decoded bytes and documents read.</summary>
public sealed record VerificationLimits
{
    /// <summary>The defaults: a 5 second deadline and allowances far above what an honest credential needs.</summary>
    public static readonly VerificationLimits Default = new();

    /// <summary>How long one verification may run, all of it together (configuration <c>BadgeIssuer:Verification:TimeoutSeconds</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>JSON-LD expansion, toRdf and RDFC-1.0 steps (see <see cref="WorkMeter"/>) for every document canonicalized.</summary>
    public long MaxCanonicalizationSteps { get; init; } = 4_000_000;

    /// <summary>Bytes decoded from base64, base58 and gzip (JWT parts, signatures, status lists), all together.</summary>
    public long MaxDecodedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Documents read (status lists, controller documents, a credential given by URL), ours and remote alike.</summary>
    public int MaxDocuments { get; init; } = 32;
}

/// <summary>
/// The allowance of one verification in progress: a token that fires at the deadline or when the caller cancels, a
/// <see cref="WorkMeter"/> for canonicalization, counters of decoded bytes and documents, and what has been established
/// so far, for the report that says the allowance ran out.
/// </summary>
internal sealed class VerificationBudget : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly WorkMeter _meter;
    private readonly VerificationLimits _limits;
    private long _decodedBytes;
    private int _documents;
    private readonly Dictionary<string, FetchedContent> _read = new(StringComparer.Ordinal);

    public VerificationBudget(VerificationLimits limits, VerifyOptions options, CancellationToken cancellationToken)
    {
        _limits = limits;
        Options = options;
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _deadline.CancelAfter(limits.Timeout);
        // The timer cancels reads and waits; the meter also reads the clock at every step, so the work stops at the
        // deadline even when the timer fires late on a busy machine. The deadline is real time, whatever clock the
        // verifier reads dates on.
        _meter = new WorkMeter(limits.MaxCanonicalizationSteps, limits.Timeout, TimeProvider.System, _deadline.Token);
        Proofs = new ProofWork(_meter);
    }

    /// <summary>The caller's expectations.</summary>
    public VerifyOptions Options { get; }

    /// <summary>Fires at the deadline or when the caller cancels.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>Stops the verification if the caller cancelled it or its deadline has passed, timer or not.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled, or the deadline has passed.</exception>
    public void ThrowIfStopped() => _meter.ThrowIfStopped();

    /// <summary>The canonicalization allowance and the documents already canonicalized in this verification.</summary>
    public ProofWork Proofs { get; }

    /// <summary>Endorsements checked so far, all levels together.</summary>
    public int Endorsements { get; set; }

    /// <summary>The top-level credential's summary, once it is known.</summary>
    public CredentialSummary? Summary { get; set; }

    /// <summary>Where the input came from (<c>png</c>, <c>svg</c>, <c>url</c>), once it is known.</summary>
    public string? Container { get; set; }

    /// <summary>The top-level credential's checks so far.</summary>
    public List<VerificationCheck>? Checks { get; set; }

    /// <summary>Counts <paramref name="bytes"/> decoded bytes.</summary>
    /// <exception cref="VerificationBudgetExceededException">The allowance of decoded bytes is spent.</exception>
    public void ChargeBytes(long bytes)
    {
        if (Interlocked.Add(ref _decodedBytes, bytes) > _limits.MaxDecodedBytes)
            throw new VerificationBudgetExceededException($"it would decode more bytes than the {_limits.MaxDecodedBytes} allowed");
    }

    /// <summary>Counts one document read.</summary>
    /// <exception cref="VerificationBudgetExceededException">The allowance of documents is spent.</exception>
    public void ChargeDocument()
    {
        ThrowIfStopped();
        if (Interlocked.Increment(ref _documents) > _limits.MaxDocuments)
            throw new VerificationBudgetExceededException($"it would read more documents than the {_limits.MaxDocuments} allowed");
    }

    /// <summary>
    /// The content at <paramref name="url"/>, read and counted once per verification: the credentials of a CLR that
    /// point into the same status list cost one document, not one each.
    /// </summary>
    /// <exception cref="VerificationBudgetExceededException">The allowance of documents is spent.</exception>
    public async Task<FetchedContent> ReadOnceAsync(Uri url, DocumentSources sources)
    {
        if (_read.TryGetValue(url.AbsoluteUri, out FetchedContent? read)) return read;
        ChargeDocument();
        read = await sources.GetAsync(url, Token);
        _read[url.AbsoluteUri] = read;
        return read;
    }

    /// <summary>The plain sentence of a report that ran out of its allowance, for the reason the exception gives.</summary>
    public string Sentence(Exception reason) => reason switch
    {
        VerificationBudgetExceededException budget => $"Verification stopped because {budget.Message}; the rest was not checked, so the verdict cannot be given.",
        WorkLimitExceededException => $"Verification stopped because the credential needs more than {_limits.MaxCanonicalizationSteps} steps of canonicalization work; the rest was not checked, so the verdict cannot be given.",
        _ => $"Verification stopped after {_limits.Timeout.TotalSeconds:0.#} seconds, the most one verification may take; the rest was not checked, so the verdict cannot be given.",
    };

    public void Dispose() => _deadline.Dispose();
}

/// <summary>Thrown when a verification has spent its allowance of decoded bytes or documents.</summary>
internal sealed class VerificationBudgetExceededException(string message) : Exception(message);
