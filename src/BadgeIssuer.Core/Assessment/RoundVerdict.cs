namespace BadgeIssuer.Core.Assessment;

/// <summary>Where a round stands once its reviews are counted (<see cref="RoundVerdict.Of"/>).</summary>
public enum RoundStanding
{
    /// <summary>Reviews are still awaited from the assessors the round wants.</summary>
    Pending,
    /// <summary>Two reviews disagree on met / not met: a third assessor breaks the tie.</summary>
    TieBreakNeeded,
    /// <summary>The round is decided; <see cref="RoundVerdict.Met"/> and <see cref="RoundVerdict.Deciding"/> say how.</summary>
    Decided,
}

/// <summary>
/// How the reviews of a round decide it (issue 16, "Decision"): with one review required, that review; with two, the two
/// when they agree on met / not met, else a third assessor's review makes the majority. The deciding review (whose
/// results the credential carries) is, for met, the earliest met review; for not met, the earliest not-met one.
/// </summary>
/// <param name="Standing">Pending, waiting for a tie-break, or decided.</param>
/// <param name="Met">When decided: whether the criteria are met.</param>
/// <param name="Deciding">When decided: the review whose results decide it.</param>
public sealed record RoundVerdict(RoundStanding Standing, bool Met = false, Review? Deciding = null)
{
    /// <summary>The verdict on <paramref name="round"/> of an achievement that requires <paramref name="reviewsRequired"/> reviews (1 or 2).</summary>
    public static RoundVerdict Of(SubmissionRound round, int reviewsRequired)
    {
        ArgumentNullException.ThrowIfNull(round);
        IReadOnlyList<Review> reviews = round.Reviews;
        if (reviews.Count < reviewsRequired) return new RoundVerdict(RoundStanding.Pending);
        if (reviewsRequired <= 1) return Decide(reviews.Take(1), reviews[0].Met);
        if (reviews[0].Met == reviews[1].Met) return Decide(reviews.Take(2), reviews[0].Met);
        if (reviews.Count < 3) return new RoundVerdict(RoundStanding.TieBreakNeeded);
        IReadOnlyList<Review> counted = [.. reviews.Take(3)];
        return Decide(counted, counted.Count(r => r.Met) >= 2);
    }

    /// <summary>
    /// How many assessors <paramref name="round"/> wants in all: the reviews required, and one more once two reviews
    /// disagree (<see cref="Assignment.TieBreak"/>).
    /// </summary>
    public static int AssessorsWanted(SubmissionRound round, int reviewsRequired)
    {
        ArgumentNullException.ThrowIfNull(round);
        return reviewsRequired >= 2 && round.Reviews.Count >= 2 && round.Reviews[0].Met != round.Reviews[1].Met ? reviewsRequired + 1 : reviewsRequired;
    }

    private static RoundVerdict Decide(IEnumerable<Review> counted, bool met) =>
        new(RoundStanding.Decided, met, counted.Where(r => r.Met == met).OrderBy(r => r.At).First());
}
