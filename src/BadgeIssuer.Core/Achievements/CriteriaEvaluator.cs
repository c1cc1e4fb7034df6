using System.Globalization;
using System.Text.Json.Serialization;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Achievements;

/// <summary>A result a program submits for a learner, naming a <see cref="ResultDescription"/> by key.</summary>
/// <remarks>The element of an award request's <c>results</c>; a value may arrive as a JSON number (<see cref="StringOrNumberConverter"/>).</remarks>
public sealed record SubmittedResult(
    string ResultDescription,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? Value = null,
    string? AchievedLevel = null,
    string? Status = null);

/// <summary>A criteria rule the submission does not meet, with where the rule is and why it is not met.</summary>
public sealed record UnmetRule(string Rule, string Code, string Detail);

/// <summary>
/// Checks submitted results and evidence against an achievement: first that they are well formed for its result
/// descriptions (<see cref="Validate"/>), then which criteria rules they leave unmet (<see cref="Evaluate"/>).
/// </summary>
public static class CriteriaEvaluator
{
    /// <summary>Problems that make the submission unreadable for this achievement (unknown keys, values out of range).</summary>
    public static IReadOnlyList<FieldError> Validate(Achievement achievement, IReadOnlyList<SubmittedResult> results)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        ArgumentNullException.ThrowIfNull(results);
        List<FieldError> errors = [];
        HashSet<string> seen = new(StringComparer.Ordinal);
        for (int i = 0; i < results.Count; i++)
        {
            SubmittedResult result = results[i];
            string at = $"/results/{i}";
            ResultDescription? description = Find(achievement, result.ResultDescription);
            if (description is null)
            {
                errors.Add(new FieldError(at + "/resultDescription",
                    $"'{result.ResultDescription}' is not a result description of this achievement; expected one of: {KeysOf(achievement)}."));
                continue;
            }
            if (!seen.Add(description.Key))
                errors.Add(new FieldError(at + "/resultDescription", $"'{description.Key}' is given more than once; send one result per result description."));
            if (result.AchievedLevel is not null && LevelIndex(description, result.AchievedLevel) < 0)
                errors.Add(new FieldError(at + "/achievedLevel",
                    $"'{result.AchievedLevel}' is not a rubric level of '{description.Key}'; expected one of: {LevelsOf(description)}."));
            if (result.Value is not null && ValueError(description, result.Value) is { } valueError)
                errors.Add(new FieldError(at + "/value", valueError));
            if (result.Status is not null && !ResultTypes.Statuses.Contains(result.Status))
                errors.Add(new FieldError(at + "/status",
                    $"'{result.Status}' is not an OB 3.0 result status; expected one of: {string.Join(", ", ResultTypes.Statuses.Order(StringComparer.Ordinal))}."));
        }
        return errors;
    }

    /// <summary>The rules the submission does not meet; empty when the achievement is earned.</summary>
    public static IReadOnlyList<UnmetRule> Evaluate(Achievement achievement, IReadOnlyList<SubmittedResult> results, int evidenceCount)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        ArgumentNullException.ThrowIfNull(results);
        CriteriaRules rules = achievement.Rules;
        List<UnmetRule> unmet = [];
        int met = 0;
        for (int i = 0; i < rules.RequiredResults.Count; i++)
        {
            UnmetRule? miss = Check(achievement, rules.RequiredResults[i], $"/criteriaRules/requiredResults/{i}", results);
            if (miss is null) met++;
            else unmet.Add(miss);
        }
        int needed = rules.MinimumResultsMet ?? rules.RequiredResults.Count;
        if (met >= needed) unmet.Clear();
        else if (rules.MinimumResultsMet is not null)
            unmet.Add(new UnmetRule("/criteriaRules/minimumResultsMet", "too-few-results-met",
                $"At least {needed} of the {rules.RequiredResults.Count} required results must be met; {met} are."));
        if (evidenceCount < rules.MinimumEvidence)
            unmet.Add(new UnmetRule("/criteriaRules/minimumEvidence", "too-little-evidence",
                $"At least {rules.MinimumEvidence} evidence item(s) are required; {evidenceCount} were submitted."));
        return unmet;
    }

    /// <summary>The position of a rubric level key in the description's ordered levels, or -1.</summary>
    public static int LevelIndex(ResultDescription description, string levelKey)
    {
        ArgumentNullException.ThrowIfNull(description);
        for (int i = 0; i < description.RubricCriterionLevels.Count; i++)
            if (string.Equals(description.RubricCriterionLevels[i].Key, levelKey, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>Why <paramref name="value"/> is not a valid value of the description, or <c>null</c> when it is.</summary>
    public static string? ValueError(ResultDescription description, string value)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (ResultTypes.Numeric.Contains(description.ResultType))
        {
            if (!TryNumber(value, out double number))
                return $"'{value}' is not a number; '{description.Key}' is a {description.ResultType}.";
            if (description.ValueMin is not null && TryNumber(description.ValueMin, out double min) && number < min)
                return $"{value} is below the lowest possible value {description.ValueMin} of '{description.Key}'.";
            if (description.ValueMax is not null && TryNumber(description.ValueMax, out double max) && number > max)
                return $"{value} is above the highest possible value {description.ValueMax} of '{description.Key}'.";
            return null;
        }
        if (description.AllowedValues.Count > 0 && !description.AllowedValues.Contains(value, StringComparer.Ordinal))
            return $"'{value}' is not an allowed value of '{description.Key}'; expected one of: {string.Join(", ", description.AllowedValues)}.";
        return null;
    }

    /// <summary>Parses a score the way OB 3.0 writes numbers in strings (invariant culture).</summary>
    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static UnmetRule? Check(Achievement achievement, RequiredResult rule, string at, IReadOnlyList<SubmittedResult> results)
    {
        ResultDescription description = Find(achievement, rule.ResultDescription)
            ?? throw new InvalidOperationException($"Rule {at} names the unknown result description '{rule.ResultDescription}'.");
        SubmittedResult? result = null;
        foreach (SubmittedResult candidate in results)
            if (string.Equals(candidate.ResultDescription, description.Key, StringComparison.Ordinal)) { result = candidate; break; }
        if (result is null)
            return new UnmetRule(at, "result-missing", $"A result for '{description.Name}' ({description.Key}) is required and was not submitted.");
        if (rule.MinimumLevel is not null)
        {
            int required = LevelIndex(description, rule.MinimumLevel);
            int achieved = result.AchievedLevel is null ? -1 : LevelIndex(description, result.AchievedLevel);
            if (achieved < required)
                return new UnmetRule(at, "level-too-low",
                    $"'{description.Name}' requires rubric level '{LevelName(description, required)}' or higher; found {(achieved < 0 ? "no level" : $"'{LevelName(description, achieved)}'")}.");
        }
        if (rule.MinimumValue is not null && !MeetsMinimum(description, rule.MinimumValue, result.Value))
            return new UnmetRule(at, "value-too-low",
                $"'{description.Name}' requires at least {rule.MinimumValue}; found {(result.Value is null ? "no value" : result.Value)}.");
        if (rule.RequiredStatus is not null && !string.Equals(rule.RequiredStatus, result.Status, StringComparison.Ordinal))
            return new UnmetRule(at, "status-not-met",
                $"'{description.Name}' requires status {rule.RequiredStatus}; found {result.Status ?? "no status"}.");
        return null;
    }

    private static bool MeetsMinimum(ResultDescription description, string minimum, string? value)
    {
        if (value is null) return false;
        if (ResultTypes.Numeric.Contains(description.ResultType))
            return TryNumber(value, out double number) && TryNumber(minimum, out double min) && number >= min;
        int requiredIndex = IndexOf(description.AllowedValues, minimum);
        int index = IndexOf(description.AllowedValues, value);
        return requiredIndex >= 0 && index >= requiredIndex;
    }

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (int i = 0; i < values.Count; i++)
            if (string.Equals(values[i], value, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static ResultDescription? Find(Achievement achievement, string key)
    {
        foreach (ResultDescription description in achievement.ResultDescriptions)
            if (string.Equals(description.Key, key, StringComparison.Ordinal)) return description;
        return null;
    }

    private static string LevelName(ResultDescription description, int index) => description.RubricCriterionLevels[index].Name;

    private static string KeysOf(Achievement achievement) =>
        achievement.ResultDescriptions.Count == 0 ? "(none)" : string.Join(", ", achievement.ResultDescriptions.Select(d => d.Key));

    private static string LevelsOf(ResultDescription description) =>
        description.RubricCriterionLevels.Count == 0 ? "(this result has no rubric levels)" : string.Join(", ", description.RubricCriterionLevels.Select(l => l.Key));
}
