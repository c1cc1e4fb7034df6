// Bounded work across calls (DESIGN §8 "work is budgeted"): a caller that runs several documents through JSON-LD
// expansion, toRdf and RDFC-1.0 hands each call the same meter, so the limit holds for the caller's whole job.
namespace BadgeIssuer.LinkedData;

/// <summary>
/// A caller's allowance of processing steps, shared by every expansion, toRdf and canonicalization that is given it,
/// the token that stops them, and optionally a deadline. A step is one element expanded, one node-map entry, one quad
/// produced or one RDFC-1.0 hash. Safe to charge from several threads.
/// </summary>
public sealed class WorkMeter
{
    private readonly TimeProvider? _clock;
    private readonly long _started;
    private readonly TimeSpan _timeout;
    private long _used;

    /// <summary>A meter without a deadline of its own.</summary>
    /// <param name="maxSteps">The steps allowed over the meter's whole life.</param>
    /// <param name="cancellationToken">Stops the work: every charge checks it.</param>
    public WorkMeter(long maxSteps, CancellationToken cancellationToken = default)
    {
        MaxSteps = maxSteps;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// A meter whose work must end <paramref name="timeout"/> after it is created. Every charge reads
    /// <paramref name="clock"/>, so the work stops at its first step past the deadline even when a timer meant to cancel
    /// <paramref name="cancellationToken"/> then fires late, as timers do on a busy machine.
    /// </summary>
    /// <param name="maxSteps">The steps allowed over the meter's whole life.</param>
    /// <param name="timeout">How long the work may run, from now; positive.</param>
    /// <param name="clock">The clock the deadline is read on.</param>
    /// <param name="cancellationToken">Stops the work: every charge checks it.</param>
    public WorkMeter(long maxSteps, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken = default)
        : this(maxSteps, cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(clock);
        _clock = clock;
        _timeout = timeout;
        _started = clock.GetTimestamp();
    }

    /// <summary>The steps allowed over the meter's whole life.</summary>
    public long MaxSteps { get; }

    /// <summary>The steps charged so far.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>The token every charge checks.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Stops the work if the token was cancelled or the deadline has passed.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled, or the deadline has passed.</exception>
    public void ThrowIfStopped()
    {
        CancellationToken.ThrowIfCancellationRequested();
        if (_clock is not null && _clock.GetElapsedTime(_started) >= _timeout)
            throw new OperationCanceledException($"The work ran past its deadline of {_timeout.TotalMilliseconds:0} ms.", CancellationToken);
    }

    /// <summary>Charges <paramref name="steps"/> steps.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled, or the deadline has passed.</exception>
    /// <exception cref="WorkLimitExceededException">The allowance is spent.</exception>
    public void Charge(long steps = 1)
    {
        ThrowIfStopped();
        if (Interlocked.Add(ref _used, steps) > MaxSteps)
            throw new WorkLimitExceededException($"The work allowance of {MaxSteps} processing steps is spent.");
    }
}

/// <summary>Thrown when a <see cref="WorkMeter"/>'s allowance is spent; the caller decides what that means for its job.</summary>
public sealed class WorkLimitExceededException(string message) : LinkedDataException(message);
