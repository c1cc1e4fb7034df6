namespace BadgeIssuer.Core.Achievements;

/// <summary>The OB 3.0 vocabularies a result is described with (ResultType, ResultStatusType).</summary>
public static class ResultTypes
{
    /// <summary>OB 3.0 ResultType values (extensible with an <c>ext:</c> prefix).</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel", "PredictedScore", "RawScore", "Result",
        "RubricCriterion", "RubricCriterionLevel", "RubricScore", "ScaledScore", "Status",
    };

    /// <summary>Result types whose value is a number, compared numerically.</summary>
    public static readonly IReadOnlySet<string> Numeric = new HashSet<string>(StringComparer.Ordinal)
    {
        "GradePointAverage", "Percent", "PredictedScore", "RawScore", "RubricScore", "ScaledScore",
    };

    /// <summary>OB 3.0 ResultStatusType values.</summary>
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal)
    {
        "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew",
    };

    /// <summary>True for an OB 3.0 result type or an <c>ext:</c> extension term.</summary>
    public static bool IsKnown(string resultType) =>
        All.Contains(resultType) || (resultType.StartsWith("ext:", StringComparison.Ordinal) && resultType.Length > 4);
}
