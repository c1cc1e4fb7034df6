namespace BadgeIssuer.Api.Problems;

/// <summary>
/// The stable <c>type</c> of every problem this API returns (RFC 9457), as a path under <c>/problems/</c> of the
/// public base URL, and its title. Tests assert these; clients may switch on them.
/// </summary>
public static class ProblemTypes
{
    public const string MalformedJson = "malformed-json";
    public const string JsonTooDeep = "json-too-deep";
    public const string InvalidField = "invalid-field";
    public const string UnsupportedMediaType = "unsupported-media-type";
    public const string PayloadTooLarge = "payload-too-large";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string PreconditionFailed = "precondition-failed";
    public const string CriteriaNotMet = "criteria-not-met";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string SchemaViolation = "schema-violation";
    public const string MethodNotAllowed = "method-not-allowed";
    public const string BadRequest = "bad-request";
    public const string RateLimited = "rate-limited";
    public const string VerificationBusy = "verification-busy";
    public const string InternalError = "internal-error";
    public const string ShuttingDown = "shutting-down";

    /// <summary>The short human title of each type.</summary>
    public static string Title(string type) => type switch
    {
        MalformedJson => "The request body is not valid JSON",
        JsonTooDeep => "The request body is nested too deeply",
        InvalidField => "The request has invalid fields",
        UnsupportedMediaType => "The request body has an unsupported media type",
        PayloadTooLarge => "The request body is too large",
        Unauthenticated => "An API key is required",
        Forbidden => "The API key does not allow this",
        NotFound => "Not found",
        Conflict => "Conflict",
        PreconditionFailed => "The resource has changed",
        CriteriaNotMet => "The achievement's criteria are not met",
        IdempotencyKeyReused => "The idempotency key was used for a different request",
        SchemaViolation => "The credential does not match the OB 3.0 schema",
        MethodNotAllowed => "Method not allowed",
        BadRequest => "Bad request",
        ShuttingDown => "The service is shutting down",
        RateLimited => "Too many requests from this address",
        VerificationBusy => "The verifier is busy",
        _ => "Internal error",
    };
}
