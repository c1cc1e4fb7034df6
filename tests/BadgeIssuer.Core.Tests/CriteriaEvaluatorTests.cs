using BadgeIssuer.Core.Achievements;

namespace BadgeIssuer.Core.Tests;

public sealed class CriteriaEvaluatorTests
{
    private static readonly RubricCriterionLevel[] Levels =
    [
        new("beginning", "Beginning", null, null, "1"),
        new("developing", "Developing", null, null, "2"),
        new("proficient", "Proficient", null, null, "3"),
        new("exemplary", "Exemplary", null, null, "4"),
    ];

    private static Achievement Achievement(CriteriaRules rules, params ResultDescription[] descriptions) =>
        new("a1", "i1", new AchievementDraft("Name", "Description", new Criteria("Do it."), "MicroCredential", null, [], [], 1, null, null, descriptions, rules),
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

    private static ResultDescription Rubric(string key) => new(key, key, "RubricCriterion", [], Levels, null, null);

    private static ResultDescription Percent(string key) => new(key, key, "Percent", [], [], "0", "100");

    private static ResultDescription Status(string key) => new(key, key, "Status", [], [], null, null);

    [Fact]
    public void A_rubric_level_at_or_above_the_minimum_meets_the_rule()
    {
        Achievement a = Achievement(new CriteriaRules([new RequiredResult("task", "proficient", null, null)], null, 0), Rubric("task"));

        Assert.Empty(CriteriaEvaluator.Evaluate(a, [new SubmittedResult("task", null, "proficient", null)], 0));
        Assert.Empty(CriteriaEvaluator.Evaluate(a, [new SubmittedResult("task", null, "exemplary", null)], 0));
        UnmetRule unmet = Assert.Single(CriteriaEvaluator.Evaluate(a, [new SubmittedResult("task", null, "developing", null)], 0));
        Assert.Equal("level-too-low", unmet.Code);
        Assert.Equal("/criteriaRules/requiredResults/0", unmet.Rule);
        Assert.Contains("'Proficient'", unmet.Detail, StringComparison.Ordinal);
        Assert.Contains("'Developing'", unmet.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("80", true)]
    [InlineData("80.0", true)]
    [InlineData("100", true)]
    [InlineData("79.99", false)]
    [InlineData("8e1", true)]
    public void A_score_is_compared_numerically(string value, bool met)
    {
        Achievement a = Achievement(new CriteriaRules([new RequiredResult("quiz", null, "80", null)], null, 0), Percent("quiz"));

        IReadOnlyList<UnmetRule> unmet = CriteriaEvaluator.Evaluate(a, [new SubmittedResult("quiz", value, null, null)], 0);

        Assert.Equal(met, unmet.Count == 0);
    }

    [Fact]
    public void A_letter_grade_is_ranked_by_its_position_in_the_allowed_values()
    {
        ResultDescription grade = new("grade", "Grade", "LetterGrade", ["D", "C", "B", "A"], [], null, null);
        Achievement a = Achievement(new CriteriaRules([new RequiredResult("grade", null, "B", null)], null, 0), grade);

        Assert.Empty(CriteriaEvaluator.Evaluate(a, [new SubmittedResult("grade", "A", null, null)], 0));
        Assert.Equal("value-too-low", Assert.Single(CriteriaEvaluator.Evaluate(a, [new SubmittedResult("grade", "C", null, null)], 0)).Code);
    }

    [Fact]
    public void Every_unmet_rule_is_listed_not_just_the_first()
    {
        Achievement a = Achievement(
            new CriteriaRules([new RequiredResult("task", "proficient", null, null), new RequiredResult("quiz", null, "80", null), new RequiredResult("done", null, null, "Completed")], null, 2),
            Rubric("task"), Percent("quiz"), Status("done"));

        IReadOnlyList<UnmetRule> unmet = CriteriaEvaluator.Evaluate(a, [new SubmittedResult("quiz", "50", null, null), new SubmittedResult("done", null, null, "InProgress")], 1);

        Assert.Equal(["result-missing", "value-too-low", "status-not-met", "too-little-evidence"], unmet.Select(u => u.Code));
    }

    [Fact]
    public void Minimum_results_met_accepts_three_of_four_coaching_cycles()
    {
        CriteriaRules rules = new([.. Enumerable.Range(1, 4).Select(i => new RequiredResult($"cycle-{i}", null, null, "Completed"))], 3, 0);
        Achievement a = Achievement(rules, [.. Enumerable.Range(1, 4).Select(i => Status($"cycle-{i}"))]);
        SubmittedResult Done(int i) => new($"cycle-{i}", null, null, "Completed");

        Assert.Empty(CriteriaEvaluator.Evaluate(a, [Done(1), Done(2), Done(4)], 0));
        IReadOnlyList<UnmetRule> unmet = CriteriaEvaluator.Evaluate(a, [Done(1), Done(2)], 0);
        Assert.Contains(unmet, u => u.Code == "too-few-results-met" && u.Detail.Contains("At least 3 of the 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_reports_unknown_keys_levels_and_out_of_range_values_with_pointers()
    {
        Achievement a = Achievement(CriteriaRules.None, Rubric("task"), Percent("quiz"));

        IReadOnlyList<Validation.FieldError> errors = CriteriaEvaluator.Validate(a,
        [
            new SubmittedResult("nope", null, null, null),
            new SubmittedResult("task", null, "legendary", null),
            new SubmittedResult("quiz", "140", null, null),
            new SubmittedResult("quiz", "abc", null, "Done"),
        ]);

        Assert.Equal(["/results/0/resultDescription", "/results/1/achievedLevel", "/results/2/value", "/results/3/resultDescription", "/results/3/value", "/results/3/status"],
            errors.Select(e => e.Pointer));
    }
}
