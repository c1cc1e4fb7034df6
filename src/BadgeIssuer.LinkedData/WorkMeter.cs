// Bounded work across calls (DESIGN §8 "work is budgeted"): a caller that runs several documents through JSON-LD
// expansion, toRdf and RDFC-1.0 hands each call the same meter, so the limit holds for the caller's whole job.
namespace BadgeIssuer.LinkedData;

/// <summary>
/// A caller's allowance of processing steps, shared by every expansion, toRdf and canonicalization that is given it,
/// and the token that stops them. A step is one element expanded, one node-map entry, one quad produced or one
/// RDFC-1.0 hash. Safe to charge from several threads.
/// </summary>
/// <param name="maxSteps">The steps allowed over the meter's whole life.</param>
/// <param name="cancellationToken">Stops the work: every charge checks it.</param>
public sealed class WorkMeter(long maxSteps, CancellationToken cancellationToken = default)
{
    private long _used;

    /// <summary>The steps allowed over the meter's whole life.</summary>
    public long MaxSteps { get; } = maxSteps;

    /// <summary>The steps charged so far.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>The token every charge checks.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Charges <paramref name="steps"/> steps.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="WorkLimitExceededException">The allowance is spent.</exception>
    public void Charge(long steps = 1)
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (Interlocked.Add(ref _used, steps) > MaxSteps)
            throw new WorkLimitExceededException($"The work allowance of {MaxSteps} processing steps is spent.");
    }
}

/// <summary>Thrown when a <see cref="WorkMeter"/>'s allowance is spent; the caller decides what that means for its job.</summary>
public sealed class WorkLimitExceededException(string message) : LinkedDataException(message);
