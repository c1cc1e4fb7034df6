using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Tests.Assessment;

public sealed class RoundVerdictTests
{
    private static Review Review(string id, bool met, int minute) =>
        new(id, "assessor-" + id, [], null, met, [], DateTimeOffset.UnixEpoch.AddMinutes(minute));

    private static SubmissionRound Round(params Review[] reviews) => new(1, DateTimeOffset.UnixEpoch, [], [], [], reviews);

    [Fact]
    public void One_review_required_decides_with_the_first()
    {
        Assert.Equal(RoundStanding.Pending, RoundVerdict.Of(Round(), 1).Standing);
        RoundVerdict verdict = RoundVerdict.Of(Round(Review("r1", false, 1)), 1);
        Assert.Equal((RoundStanding.Decided, false, "r1"), (verdict.Standing, verdict.Met, verdict.Deciding!.Id));
    }

    [Fact]
    public void Two_that_agree_decide_with_the_earliest_of_them()
    {
        Assert.Equal(RoundStanding.Pending, RoundVerdict.Of(Round(Review("r1", true, 1)), 2).Standing);
        RoundVerdict met = RoundVerdict.Of(Round(Review("r1", true, 1), Review("r2", true, 2)), 2);
        Assert.Equal((RoundStanding.Decided, true, "r1"), (met.Standing, met.Met, met.Deciding!.Id));
        RoundVerdict notMet = RoundVerdict.Of(Round(Review("r1", false, 1), Review("r2", false, 2)), 2);
        Assert.Equal((RoundStanding.Decided, false, "r1"), (notMet.Standing, notMet.Met, notMet.Deciding!.Id));
    }

    [Fact]
    public void Two_that_disagree_want_a_third_assessor_whose_review_makes_the_majority()
    {
        SubmissionRound split = Round(Review("r1", true, 1), Review("r2", false, 2));
        Assert.Equal(RoundStanding.TieBreakNeeded, RoundVerdict.Of(split, 2).Standing);
        Assert.Equal(3, RoundVerdict.AssessorsWanted(split, 2));
        Assert.Equal(2, RoundVerdict.AssessorsWanted(Round(Review("r1", true, 1)), 2));
        Assert.Equal(1, RoundVerdict.AssessorsWanted(Round(Review("r1", false, 1)), 1));

        RoundVerdict notMet = RoundVerdict.Of(Round(Review("r1", true, 1), Review("r2", false, 2), Review("r3", false, 3)), 2);
        Assert.Equal((RoundStanding.Decided, false, "r2"), (notMet.Standing, notMet.Met, notMet.Deciding!.Id));
        RoundVerdict met = RoundVerdict.Of(Round(Review("r1", false, 1), Review("r2", true, 2), Review("r3", true, 3)), 2);
        Assert.Equal((RoundStanding.Decided, true, "r2"), (met.Standing, met.Met, met.Deciding!.Id));
    }
}
