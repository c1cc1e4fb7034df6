using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Achievements;

/// <summary>
/// Validates an <see cref="AchievementDraft"/>: OB 3.0 field rules, and criteria rules that reference existing
/// result descriptions and levels. Pointers name the request fields (<c>/resultDescription/0/key</c>).
/// </summary>
public static class AchievementValidator
{
    /// <summary>OB 3.0 AchievementType values (extensible with an <c>ext:</c> prefix).</summary>
    public static readonly IReadOnlySet<string> AchievementTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award", "Badge",
        "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService", "Competency",
        "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
        "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
        "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
        "SecondarySchoolDiploma",
    };

    private const int MaxItems = 100;

    /// <summary>Every problem with the draft; empty when it is valid.</summary>
    public static IReadOnlyList<FieldError> Validate(AchievementDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        Check check = new();
        check.Text("/name", draft.Name, 200);
        check.Text("/description", draft.Description, 4000);
        if (draft.AchievementType is { } type && !AchievementTypes.Contains(type) && !IsExtension(type))
            check.Fail("/achievementType", $"'{Check.Shorten(type)}' is not an OB 3.0 achievement type; use one such as MicroCredential, Badge, Certificate, or an 'ext:' term.");
        if (draft.Criteria.Narrative is null && draft.Criteria.Id is null)
            check.Fail("/criteria", "needs a narrative (what a learner must do) or an id (the URL of a criteria page).");
        check.OptionalText("/criteria/narrative", draft.Criteria.Narrative, 20000);
        check.OptionalHttpUrl("/criteria/id", draft.Criteria.Id);
        if (draft.Image is not null)
        {
            check.OptionalImage("/image/id", draft.Image.Id);
            check.OptionalText("/image/caption", draft.Image.Caption, 500);
        }
        ValidateAlignments(check, draft.Alignments);
        ValidateTags(check, draft.Tags);
        if (draft.ValidForDays is { } days && days is < 1 or > 36_500)
            check.Fail("/validForDays", $"must be a whole number of days from 1 to 36500; found {days}.");
        if (draft.CreditsAvailable is { } credits && (!double.IsFinite(credits) || credits < 0 || credits > 1000))
            check.Fail("/creditsAvailable", $"must be a number from 0 to 1000; found {credits}.");
        check.OptionalText("/fieldOfStudy", draft.FieldOfStudy, 200);
        check.OptionalText("/humanCode", draft.HumanCode, 100);
        ValidateResultDescriptions(check, draft.ResultDescriptions);
        ValidateRules(check, draft);
        ValidatePathway(check, draft);
        ValidateReview(check, draft);
        return check.Errors;
    }

    private static void ValidateReview(Check check, AchievementDraft draft)
    {
        if (draft.Review is not { } review) return;
        if (review.ReviewsRequired is not (1 or 2))
            check.Fail("/review/reviewsRequired", $"must be 1 or 2 (two that disagree get a third); found {review.ReviewsRequired}.");
        if (draft.Pathway is not null)
            check.Fail("/review", "cannot be set on a stacked achievement: it is earned by its pathway, not by review.");
    }

    private static void ValidatePathway(Check check, AchievementDraft draft)
    {
        if (draft.Pathway is not { } pathway) return;
        if (pathway.Requires.Count is 0 or > MaxItems)
            check.Fail("/pathway/requires", $"must list 1 to {MaxItems} achievement ids.");
        if (pathway.Requires.Distinct(StringComparer.Ordinal).Count() != pathway.Requires.Count)
            check.Fail("/pathway/requires", "lists an achievement twice.");
        if (pathway.MinimumRequired is { } n && (n < 1 || n > pathway.Requires.Count))
            check.Fail("/pathway/minimumRequired", $"must be from 1 to the number of required achievements ({pathway.Requires.Count}); found {n}.");
        if (pathway.MinimumCredits is { } credits && (!double.IsFinite(credits) || credits < 0 || credits > 1000))
            check.Fail("/pathway/minimumCredits", $"must be a number from 0 to 1000; found {credits}.");
        if (draft.Rules.RequiredResults.Count > 0)
            check.Fail("/criteriaRules/requiredResults", "must be empty for a stacked achievement: it is earned by its pathway and issued automatically, with no results to submit.");
    }

    private static void ValidateAlignments(Check check, IReadOnlyList<Alignment> alignments)
    {
        if (alignments.Count > MaxItems) check.Fail("/alignment", $"must have at most {MaxItems} items.");
        for (int i = 0; i < alignments.Count; i++)
        {
            Alignment a = alignments[i];
            string at = $"/alignment/{i}";
            check.Text(at + "/targetName", a.TargetName, 500);
            if (string.IsNullOrEmpty(a.TargetUrl)) check.Fail(at + "/targetUrl", "is required: the URL of the competency or standard.");
            else check.OptionalHttpUrl(at + "/targetUrl", a.TargetUrl);
            check.OptionalText(at + "/targetCode", a.TargetCode, 200);
            check.OptionalText(at + "/targetDescription", a.TargetDescription, 4000);
            check.OptionalText(at + "/targetFramework", a.TargetFramework, 500);
            check.OptionalText(at + "/targetType", a.TargetType, 100);
        }
    }

    private static void ValidateTags(Check check, IReadOnlyList<string> tags)
    {
        if (tags.Count > MaxItems) check.Fail("/tag", $"must have at most {MaxItems} items.");
        for (int i = 0; i < tags.Count; i++) check.Text($"/tag/{i}", tags[i], 100);
    }

    private static void ValidateResultDescriptions(Check check, IReadOnlyList<ResultDescription> descriptions)
    {
        if (descriptions.Count > MaxItems) check.Fail("/resultDescription", $"must have at most {MaxItems} items.");
        HashSet<string> keys = new(StringComparer.Ordinal);
        for (int i = 0; i < descriptions.Count; i++)
        {
            ResultDescription d = descriptions[i];
            string at = $"/resultDescription/{i}";
            if (!IsKey(d.Key)) check.Fail(at + "/key", $"must be 1 to 64 lower-case letters, digits or hyphens (e.g. 'unit-plan'); found '{Check.Shorten(d.Key)}'.");
            else if (!keys.Add(d.Key)) check.Fail(at + "/key", $"'{d.Key}' is used by another result description; keys must be unique.");
            check.Text(at + "/name", d.Name, 500);
            if (!ResultTypes.IsKnown(d.ResultType))
                check.Fail(at + "/resultType", $"'{Check.Shorten(d.ResultType)}' is not an OB 3.0 result type; use one such as RubricCriterion, Percent, RawScore, LetterGrade, Status, or an 'ext:' term.");
            bool numeric = ResultTypes.Numeric.Contains(d.ResultType);
            if (d.ValueMin is not null && (!numeric || !CriteriaEvaluator.TryNumber(d.ValueMin, out _)))
                check.Fail(at + "/valueMin", numeric ? "must be a number." : $"applies only to numeric result types, not {d.ResultType}.");
            if (d.ValueMax is not null && (!numeric || !CriteriaEvaluator.TryNumber(d.ValueMax, out _)))
                check.Fail(at + "/valueMax", numeric ? "must be a number." : $"applies only to numeric result types, not {d.ResultType}.");
            HashSet<string> levelKeys = new(StringComparer.Ordinal);
            for (int j = 0; j < d.RubricCriterionLevels.Count; j++)
            {
                RubricCriterionLevel level = d.RubricCriterionLevels[j];
                string lat = $"{at}/rubricCriterionLevel/{j}";
                if (!IsKey(level.Key)) check.Fail(lat + "/key", $"must be 1 to 64 lower-case letters, digits or hyphens (e.g. 'proficient'); found '{Check.Shorten(level.Key)}'.");
                else if (!levelKeys.Add(level.Key)) check.Fail(lat + "/key", $"'{level.Key}' is used by another level of this result description.");
                check.Text(lat + "/name", level.Name, 200);
                check.OptionalText(lat + "/description", level.Description, 4000);
            }
            for (int j = 0; j < d.AllowedValues.Count; j++) check.Text($"{at}/allowedValue/{j}", d.AllowedValues[j], 200);
        }
    }

    private static void ValidateRules(Check check, AchievementDraft draft)
    {
        CriteriaRules rules = draft.Rules;
        if (rules.RequiredResults.Count > MaxItems) check.Fail("/criteriaRules/requiredResults", $"must have at most {MaxItems} items.");
        for (int i = 0; i < rules.RequiredResults.Count; i++)
        {
            RequiredResult rule = rules.RequiredResults[i];
            string at = $"/criteriaRules/requiredResults/{i}";
            ResultDescription? d = draft.ResultDescriptions.FirstOrDefault(x => string.Equals(x.Key, rule.ResultDescription, StringComparison.Ordinal));
            if (d is null)
            {
                check.Fail(at + "/resultDescription", $"'{Check.Shorten(rule.ResultDescription)}' is not the key of a result description of this achievement.");
                continue;
            }
            int conditions = (rule.MinimumLevel is null ? 0 : 1) + (rule.MinimumValue is null ? 0 : 1) + (rule.RequiredStatus is null ? 0 : 1);
            if (conditions > 1) check.Fail(at, "set at most one of minimumLevel, minimumValue and status.");
            if (rule.MinimumLevel is not null && CriteriaEvaluator.LevelIndex(d, rule.MinimumLevel) < 0)
                check.Fail(at + "/minimumLevel", $"'{Check.Shorten(rule.MinimumLevel)}' is not a rubric level key of '{d.Key}'.");
            if (rule.MinimumValue is not null && CriteriaEvaluator.ValueError(d, rule.MinimumValue) is { } error)
                check.Fail(at + "/minimumValue", error);
            if (rule.MinimumValue is not null && !ResultTypes.Numeric.Contains(d.ResultType) && d.AllowedValues.Count == 0)
                check.Fail(at + "/minimumValue", $"'{d.Key}' is a {d.ResultType} without allowedValue, so values cannot be ranked; give allowedValue (lowest first) or use a numeric result type.");
            if (rule.RequiredStatus is not null && !ResultTypes.Statuses.Contains(rule.RequiredStatus))
                check.Fail(at + "/status", $"'{Check.Shorten(rule.RequiredStatus)}' is not an OB 3.0 result status such as Completed.");
        }
        if (rules.MinimumResultsMet is { } n && (n < 1 || n > rules.RequiredResults.Count))
            check.Fail("/criteriaRules/minimumResultsMet", $"must be from 1 to the number of required results ({rules.RequiredResults.Count}); found {n}.");
        if (rules.MinimumEvidence is < 0 or > MaxItems)
            check.Fail("/criteriaRules/minimumEvidence", $"must be from 0 to {MaxItems}; found {rules.MinimumEvidence}.");
    }

    private static bool IsExtension(string term) => term.StartsWith("ext:", StringComparison.Ordinal) && term.Length is > 4 and <= 100;

    private static bool IsKey(string? key) =>
        key is { Length: > 0 and <= 64 } && key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
