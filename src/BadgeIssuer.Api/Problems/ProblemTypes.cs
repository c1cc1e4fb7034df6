namespace BadgeIssuer.Api.Problems;

/// <summary>
/// The stable <c>type</c> of every problem this API returns (RFC 9457), as a path under <c>/problems/</c> of the
/// public base URL, and its title. Tests assert these; clients may switch on them.
/// </summary>
/// <remarks>
/// A status the service answers without naming a type itself (the framework's 404, 405, 413, 415, a status code page,
/// a request Kestrel could not read) gets the type of its status from <see cref="ForStatus"/>. A status with no type of
/// its own here (406, 408, 414, 431, 501, ...) gets <see cref="Blank"/> and the status's reason phrase as its title:
/// RFC 9457 §4.2.1 reserves <c>about:blank</c> for "no more meaning than the status code", which is exactly what the
/// service can say about it, where <see cref="BadRequest"/> would claim a 400 that never happened.
/// </remarks>
public static class ProblemTypes
{
    public const string MalformedJson = "malformed-json";
    public const string MalformedCsv = "malformed-csv";
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
    public const string PresentationRefused = "presentation-refused";
    public const string ExchangeExpired = "exchange-expired";
    public const string NotAssigned = "not-assigned";

    /// <summary>RFC 9457 §4.2.1: the problem means no more than its status code.</summary>
    public const string Blank = "about:blank";

    /// <summary>The type of a problem known only by its status, or <see cref="Blank"/> when no type here means that status.</summary>
    public static string ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => BadRequest,
        StatusCodes.Status401Unauthorized => Unauthenticated,
        StatusCodes.Status403Forbidden => Forbidden,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status409Conflict => Conflict,
        StatusCodes.Status412PreconditionFailed => PreconditionFailed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status500InternalServerError => InternalError,
        _ => Blank,
    };

    /// <summary>The short human title of each type.</summary>
    public static string Title(string type) => type switch
    {
        MalformedJson => "The request body is not valid JSON",
        MalformedCsv => "The request body is not valid CSV",
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
        PresentationRefused => "The presentation does not authenticate the holder",
        ExchangeExpired => "The exchange has expired",
        NotAssigned => "The caller is not an assessor assigned to this submission",
        _ => "Internal error",
    };
}
