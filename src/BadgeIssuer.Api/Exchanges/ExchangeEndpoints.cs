// Wallet pick-up by DID Authentication (issue 15, item 3), both ways the DCC Learner Credential Wallet (LCW) implements:
// (a) The legacy deep link. LCW's site page https://lcw.app/request.html copies its query onto dccrequest://request
//     (learner-credential-wallet-site, request.html); the app (learner-credential-wallet, app/lib/credentialRequest.ts)
//     needs `issuer` and `vc_request_url`, accepts only auth_type=bearer, signs a presentation with Ed25519Signature2020
//     whose holder is its did:key and whose proof carries `challenge` (and no domain: the link has none), POSTs that
//     presentation itself as application/json to vc_request_url without an Authorization header, and takes the
//     credential(s) out of the VerifiableCredential or VerifiablePresentation it gets back (app/lib/verifiableObject.ts
//     extractCredentialsFrom; an unsigned presentation is accepted, its credentials are verified).
// (b) VCALM exchanges (W3C VC API for Lifecycle Management, "Participate in an exchange"; LCW app/lib/exchanges.ts):
//     POST {} answers {"verifiablePresentationRequest": {query: [{type: "DIDAuthentication", acceptedMethods: [{method:
//     "key"}]}], challenge, domain}}; the wallet POSTs {"verifiablePresentation": <signed presentation>} and reads
//     verifiablePresentation.verifiableCredential[0] from the answer.
// vc_request_url is the exchange URL, so both paths share one exchange. Errors are RFC 9457 problems (VCALM names only
// 400 and 401 for this operation): an unknown exchange is 404, one past its ten minutes 410 (RFC 9110 §15.5.11: the
// service knows it existed and that it will not come back, which 404 does not say), one already used 409, a presentation
// that does not authenticate 422 naming the field and a stable code.
using BadgeIssuer.Api.Hosting;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Api.Verification;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Claims;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Credentials;
using BadgeIssuer.Credentials.Presentations;
using Microsoft.AspNetCore.WebUtilities;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BadgeIssuer.Api.Exchanges;

/// <summary><c>GET /claim/{token}/lcw</c>, <c>GET /exchanges/{exchangeId}</c> and <c>POST /exchanges/{exchangeId}</c>.</summary>
public static partial class ExchangeEndpoints
{
    /// <summary>The Learner Credential Wallet's web page that hands a credential request to the app.</summary>
    public const string LcwRequestPage = "https://lcw.app/request.html";

    /// <summary>
    /// The app's own link, which that page forwards its query to: the only credential request LCW's in-app QR scanner
    /// reads, and one a phone's camera offers to open in the installed app.
    /// </summary>
    public const string LcwAppLink = "dccrequest://request";

    /// <summary>The largest message accepted: a DID Authentication presentation is about 1 KB.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private const string Tag = "Wallets";

    public static void MapExchanges(this IEndpointRouteBuilder app)
    {
        // A link a person follows from the claim page, answered with a redirect, not an API operation: it is left out
        // of the OpenAPI document, whose rules want a 2xx answer for every operation.
        app.MapGet("/claim/{token}/lcw", StartAsync).ExcludeFromDescription().HasSecretInPath();
        app.MapPost("/claim/{token}/lcw", QrPageAsync).WithTags("Public pages").HasSecretInPath()
            .WithName("LcwQrPage")
            .WithSummary("Open an exchange for the badge the claim token opens and show the Learner Credential Wallet's request as a page: a QR code for the wallet's scanner and a link (valid ten minutes)")
            .Produces<string>(StatusCodes.Status200OK, "text/html").Produces<string>(StatusCodes.Status404NotFound, "text/html").Produces<string>(StatusCodes.Status410Gone, "text/html")
            .DisableAntiforgery();

        app.MapGet("/exchanges/{exchangeId}", StateAsync).WithTags(Tag).HasSecretInPath()
            .WithName("GetExchangeState")
            .WithSummary("The state of an exchange (VCALM): pending, complete or invalid, and when it expires")
            .Produces<ExchangeStateResponse>()
            .WithProblems(StatusCodes.Status404NotFound, StatusCodes.Status410Gone);

        app.MapPost("/exchanges/{exchangeId}", ParticipateAsync).WithTags(Tag).HasSecretInPath()
            .WithName("ParticipateInExchange")
            .WithSummary("Participate in an exchange (VCALM): {} answers a DID Authentication request; {\"verifiablePresentation\": ...} "
                + "with a presentation signed for it binds the award to the holder's did:key DID and answers the credential")
            .WithDescription("""
                The body is one of: {} (answered with {"verifiablePresentationRequest": {"query": [{"type": "DIDAuthentication",
                "acceptedMethods": [{"method": "key"}]}], "challenge", "domain"}}); {"verifiablePresentation": <presentation>}
                (answered with {"verifiablePresentation": {"verifiableCredential": [<credential>]}}); or, as the Learner Credential
                Wallet's legacy deep link sends it, the presentation itself (answered with the presentation holding the credential).
                The presentation's one proof is Ed25519Signature2020 or a DataIntegrityProof with eddsa-rdfc-2022, of purpose
                authentication, made by the holder's did:key key over the exchange's challenge and domain (the legacy link asks for no
                domain). An exchange completes once and expires ten minutes (BadgeIssuer:Claims:ExchangeSeconds) after it was opened.
                """)
            .Accepts<JsonObject>("application/json")
            .Produces<ExchangeAnswer>()
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status410Gone,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable)
            .RequireVerificationLimits()
            .DisableAntiforgery();
    }

    private static async Task<IResult> StartAsync(string token, HttpContext http, ExchangeService exchanges, ILoggerFactory logs)
    {
        NoStore(http);
        Outcome<NewExchange> started = await exchanges.StartAsync(token, http.RequestAborted);
        if (started is not Done<NewExchange> { Value: var exchange }) return started.ToProblem();
        LogOpened(logs.CreateLogger(typeof(ExchangeEndpoints)), exchange.ExpiresAt);
        http.Response.Headers.Location = DeepLink(LcwRequestPage, exchange, exchanges);
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// The claim page's "Show a QR code for the wallet" button: a new exchange, shown as a page with the app's request
    /// link as a QR code (LCW's scanner reads only that scheme) and as links for a wallet on this device.
    /// </summary>
    private static async Task<IResult> QrPageAsync(string token, HttpContext http, ExchangeService exchanges, ILoggerFactory logs)
    {
        PublicPages.ClaimPage.Private(http);
        Outcome<NewExchange> started = await exchanges.StartAsync(token, http.RequestAborted);
        if (started is not Done<NewExchange> { Value: var exchange })
            return started is Conflict<NewExchange> gone
                ? Results.Text(PublicPages.ClaimPage.Refused("This badge can no longer be claimed", gone.Detail), PublicPages.Html.MediaType, statusCode: StatusCodes.Status410Gone)
                : Results.Text(PublicPages.ClaimPage.Refused("This claim link does not work", (started as NotFound<NewExchange>)?.Detail ?? "This claim link is not known."),
                    PublicPages.Html.MediaType, statusCode: StatusCodes.Status404NotFound);
        LogOpened(logs.CreateLogger(typeof(ExchangeEndpoints)), exchange.ExpiresAt);
        return Results.Text(PublicPages.LcwQrPage.Render(DeepLink(LcwAppLink, exchange, exchanges), DeepLink(LcwRequestPage, exchange, exchanges), exchange.ExpiresAt),
            PublicPages.Html.MediaType);
    }

    /// <summary>The wallet's credential request for <paramref name="exchange"/> at <paramref name="target"/> (its web page or its app link).</summary>
    private static string DeepLink(string target, NewExchange exchange, ExchangeService exchanges) =>
        QueryHelpers.AddQueryString(target, new Dictionary<string, string?>
        {
            ["issuer"] = exchanges.Domain,
            ["auth_type"] = "bearer",
            ["challenge"] = exchange.Challenge,
            ["vc_request_url"] = exchanges.Url(exchange.Id),
        });

    private static async Task<IResult> StateAsync(string exchangeId, HttpContext http, ExchangeService exchanges)
    {
        NoStore(http);
        Outcome<ExchangeState> state = await exchanges.StateAsync(exchangeId, http.RequestAborted);
        return state is Done<ExchangeState> { Value: var current } ? TypedResults.Ok(ExchangeStateResponse.From(current)) : state.ToProblem();
    }

    private static async Task<IResult> ParticipateAsync(string exchangeId, HttpContext http, JsonBody body, ExchangeService exchanges, ILoggerFactory logs)
    {
        NoStore(http);
        if (!JsonBody.IsJson(http.Request.ContentType))
            return ApiProblems.Result(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType,
                $"Send the message as application/json; found '{http.Request.ContentType ?? "no Content-Type"}'.");
        (JsonObject? message, IResult? unreadable) = await ReadAsync(http, body);
        if (message is null) return unreadable!;

        if (message.Count == 0)
        {
            Outcome<DidAuthRequest> request = await exchanges.RequestAsync(exchangeId, http.RequestAborted);
            return request is Done<DidAuthRequest> { Value: var asked }
                ? TypedResults.Ok(new ExchangeAnswer(VerifiablePresentationRequest: PresentationRequest.From(asked)))
                : request.ToProblem();
        }

        bool legacy = !message.ContainsKey("verifiablePresentation");
        JsonObject? presentation = legacy
            ? (IsPresentation(message) ? message : null)
            : message["verifiablePresentation"] switch
            {
                JsonObject single => single,
                JsonArray { Count: 1 } set => set[0] as JsonObject,
                _ => null,
            };
        if (presentation is null)
            return ApiProblems.Unreadable([legacy
                ? new FieldError("", "must be {} to start the exchange, {\"verifiablePresentation\": <presentation>} to present, or a VerifiablePresentation (the Learner Credential Wallet's deep link).")
                : new FieldError("/verifiablePresentation", "must be one verifiable presentation (an object).")]);

        Outcome<Award> outcome = await exchanges.PresentAsync(exchangeId, presentation, legacy, http.RequestAborted);
        ILogger log = logs.CreateLogger(typeof(ExchangeEndpoints));
        if (outcome is PresentationRefused { Failure.Code: var code }) LogRefused(log, code);
        if (outcome is not Done<Award> { Value: var award }) return outcome.ToProblem();
        IssuedPresentation issued = IssuedPresentation.Of(award.CredentialJson);
        return legacy ? TypedResults.Ok(issued) : TypedResults.Ok(new ExchangeAnswer(VerifiablePresentation: issued));
    }

    /// <summary>Reads the message: at most <see cref="MaxBodyBytes"/>, well-formed UTF-8 JSON, one object, no duplicate names.</summary>
    private static async Task<(JsonObject? Message, IResult? Problem)> ReadAsync(HttpContext http, JsonBody body)
    {
        (byte[]? bytes, Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult? tooLarge) = await body.ReadBytesAsync(http, MaxBodyBytes);
        if (tooLarge is not null) return (null, tooLarge);
        if (JsonBody.SyntaxProblem(bytes) is { } syntax) return (null, ApiProblems.Result(StatusCodes.Status400BadRequest, syntax.Type, syntax.Detail));
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = JsonBody.MaxDepth, AllowDuplicateProperties = false }) is JsonObject message
                ? (message, null)
                : (null, ApiProblems.Unreadable([new FieldError("", "must be a JSON object: {} or {\"verifiablePresentation\": <presentation>}.")]));
        }
        catch (JsonException)
        {
            return (null, ApiProblems.Result(StatusCodes.Status400BadRequest, ProblemTypes.MalformedJson, "The body is not valid JSON: a member name appears twice."));
        }
    }

    private static bool IsPresentation(JsonObject message) => message["type"] switch
    {
        JsonArray types => types.Any(t => JsonText.Of(t) == "VerifiablePresentation"),
        var type => JsonText.Of(type) == "VerifiablePresentation",
    };

    /// <summary>RFC 9111 §5.2.2.5: challenges, exchange states and credentials are for this one client, never for a cache.</summary>
    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";

    [LoggerMessage(Level = LogLevel.Information, Message = "Exchange opened for a claim link; it expires at {ExpiresAt}")]
    private static partial void LogOpened(ILogger logger, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "A presentation to an exchange was refused: {Code}")]
    private static partial void LogRefused(ILogger logger, string code);
}
