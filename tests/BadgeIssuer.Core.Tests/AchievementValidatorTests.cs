using BadgeIssuer.Core.Achievements;

namespace BadgeIssuer.Core.Tests;

public sealed class AchievementValidatorTests
{
    private static AchievementDraft Draft(CriteriaRules rules, params ResultDescription[] descriptions) =>
        new("Name", "Description", new Criteria("Narrative"), "MicroCredential", null, [], [], 1.0, null, null, descriptions, rules);

    [Fact]
    public void A_complete_draft_is_valid()
    {
        ResultDescription rubric = new("task", "Task", "RubricCriterion", [], [new("ok", "OK", null, null, null), new("good", "Good", null, null, null)], null, null);
        Assert.Empty(AchievementValidator.Validate(Draft(new CriteriaRules([new RequiredResult("task", "good", null, null)], null, 1), rubric)));
    }

    [Fact]
    public void A_rule_may_set_only_one_condition()
    {
        ResultDescription percent = new("quiz", "Quiz", "Percent", [], [], null, null);
        var errors = AchievementValidator.Validate(Draft(new CriteriaRules([new RequiredResult("quiz", null, "80", "Completed")], null, 0), percent));
        Assert.Contains(errors, e => e.Pointer == "/criteriaRules/requiredResults/0");
    }

    [Fact]
    public void A_minimum_value_on_an_unranked_type_is_refused()
    {
        ResultDescription free = new("essay", "Essay", "Result", [], [], null, null);
        var errors = AchievementValidator.Validate(Draft(new CriteriaRules([new RequiredResult("essay", null, "good", null)], null, 0), free));
        Assert.Contains(errors, e => e.Pointer == "/criteriaRules/requiredResults/0/minimumValue");
    }

    [Fact]
    public void Extension_types_are_accepted_only_with_the_ext_prefix()
    {
        Assert.Empty(AchievementValidator.Validate(Draft(CriteriaRules.None) with { AchievementType = "ext:MicroBadge" }));
        Assert.Contains(AchievementValidator.Validate(Draft(CriteriaRules.None) with { AchievementType = "MicroBadge" }), e => e.Pointer == "/achievementType");
    }
}
