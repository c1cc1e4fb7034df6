namespace BadgeIssuer.Core.Assessment;

/// <summary>
/// The caller acts as an assessor without an open assignment of the submission's current round (or as no assessor at
/// all): the API answers 403 <c>not-assigned</c>.
/// </summary>
public sealed record NotAssigned<T>(string Detail) : Outcome<T>;

/// <summary>A new assessor and its API key (scope <c>reviews:write</c>), which is shown once and never stored.</summary>
public sealed record CreatedAssessor(Assessor Assessor, string ApiKey);
