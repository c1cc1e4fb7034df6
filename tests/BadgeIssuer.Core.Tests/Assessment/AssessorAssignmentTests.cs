using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Assessment;

namespace BadgeIssuer.Core.Tests.Assessment;

public sealed class AssessorAssignmentTests
{
    private static readonly Candidate Teacher = new("teacher@lincoln.example", "Teacher", "Lincoln High");

    private static Achievement Achievement(bool excludeSameOrganization = true, params string[] tags) =>
        new("a1", "i1", new AchievementDraft("Name", "Description", new Criteria("Do it."), Tags: tags, Review: new AchievementReview(2, excludeSameOrganization)),
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

    private static Assessor Assessor(string id, string? organization = "Elsewhere", string[]? expertise = null, string[]? conflicts = null, bool removed = false) =>
        new(id, "i1", "Assessor " + id, id + "@assessors.example", organization, expertise ?? [], conflicts ?? [], "client-" + id, DateTimeOffset.UnixEpoch,
            removed ? DateTimeOffset.UnixEpoch : null, 1);

    private static SubmissionRound Round(params string[] assigned) =>
        new(1, DateTimeOffset.UnixEpoch, [], [], [.. assigned.Select(a => new Assignment(a, DateTimeOffset.UnixEpoch))], []);

    private static string[] Chosen(IEnumerable<Assessor> pool, Achievement achievement, SubmissionRound round, int count, Dictionary<string, int>? load = null) =>
        [.. AssessorAssignment.Choose(pool, Teacher, round, achievement, load ?? [], count).Select(a => a.Id)];

    [Fact]
    public void Never_an_assessor_of_the_candidates_organisation_one_with_a_conflict_a_removed_one_or_one_already_assigned()
    {
        Assessor[] pool =
        [
            Assessor("a", organization: " lincoln high "),
            Assessor("b", conflicts: ["Lincoln High"]),
            Assessor("c", conflicts: ["TEACHER@lincoln.example"]),
            Assessor("d", removed: true),
            Assessor("e"),
            Assessor("f"),
        ];

        Assert.Equal(["f"], Chosen(pool, Achievement(), Round("e"), 2));
    }

    [Fact]
    public void The_same_organisation_is_allowed_when_the_achievement_does_not_exclude_it()
    {
        Assert.Equal(["a"], Chosen([Assessor("a", organization: "Lincoln High")], Achievement(excludeSameOrganization: false), Round(), 2));
    }

    [Fact]
    public void Least_loaded_first_and_ties_by_id()
    {
        Assessor[] pool = [Assessor("c"), Assessor("a"), Assessor("b"), Assessor("d")];

        Assert.Equal(["b", "d"], Chosen(pool, Achievement(), Round(), 2, new() { ["a"] = 2, ["c"] = 1 }));
        Assert.Equal(["a", "b", "c"], Chosen(pool, Achievement(), Round(), 3, new() { ["d"] = 5 }));
    }

    [Fact]
    public void Experts_in_the_achievements_tags_are_preferred_whatever_their_load()
    {
        Assessor[] pool = [Assessor("a"), Assessor("b", expertise: ["RUBRICS"]), Assessor("c", expertise: ["science"])];

        Assert.Equal(["b"], Chosen(pool, Achievement(true, "rubrics", "assessment"), Round(), 2, new() { ["b"] = 9 }));
        Assert.Equal(["a", "b"], Chosen(pool, Achievement(true, "history"), Round(), 2));
    }

    [Fact]
    public void Nobody_eligible_leaves_the_round_waiting()
    {
        Assert.Empty(Chosen([Assessor("a", organization: "Lincoln High")], Achievement(), Round(), 2));
        Assert.Empty(Chosen([Assessor("a")], Achievement(), Round(), 0));
    }
}
