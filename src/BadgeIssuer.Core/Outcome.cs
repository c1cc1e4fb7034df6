using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core;

/// <summary>
/// What a Core operation did, with every case spelled out so that the API maps each one to one response.
/// Operation-specific cases (such as <see cref="Awards.CriteriaNotMet"/>) derive from it too.
/// </summary>
public abstract record Outcome<T>;

/// <summary>The operation succeeded; <paramref name="Created"/> tells a new resource from an existing one.</summary>
public sealed record Done<T>(T Value, bool Created = false) : Outcome<T>;

/// <summary>A resource the operation needs does not exist (or belongs to another issuer).</summary>
public sealed record NotFound<T>(string Detail) : Outcome<T>;

/// <summary>The request is well-formed JSON but its fields are not acceptable.</summary>
public sealed record Invalid<T>(IReadOnlyList<FieldError> Errors) : Outcome<T>;

/// <summary>A query parameter of the request is not one the operation can read (a cursor it never returned, for instance).</summary>
public sealed record InvalidQuery<T>(IReadOnlyList<FieldError> Errors) : Outcome<T>;

/// <summary>The resource changed since the caller read it (optimistic concurrency), or a unique key is taken.</summary>
public sealed record Conflict<T>(string Detail) : Outcome<T>;

/// <summary>
/// The <c>Idempotency-Key</c> was used before with a different request (awards, submissions, learner records): a
/// retry must repeat the first request exactly.
/// </summary>
public sealed record IdempotencyKeyReused<T>(string IdempotencyKey) : Outcome<T>;

/// <summary>The caller's <c>If-Match</c> version is not the current one.</summary>
public sealed record PreconditionFailed<T>(long CurrentVersion) : Outcome<T>;
