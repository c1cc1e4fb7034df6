using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.OpenApi;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BadgeIssuer.Api.Webhooks;

/// <summary>The body of a webhook registration.</summary>
/// <param name="Url">An https URL on the public internet.</param>
/// <param name="Events">Any of <c>award.issued</c>, <c>award.revoked</c>, <c>batch.completed</c>.</param>
public sealed record WebhookRequest(string Url, IReadOnlyList<string> Events);

/// <summary>A webhook; <paramref name="Secret"/> is given once, when it is created, to check the signatures with.</summary>
public sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string? Secret = null);

/// <summary>One delivery attempt record; <paramref name="State"/> is pending, delivered, dead (every attempt failed) or parked (its lease failed too often).</summary>
public sealed record DeliveryResponse(string Id, string WebhookId, string Event, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt, string? LastError, string Payload);

/// <summary><c>/api/v1/issuers/{issuerId}/webhooks</c>: signed notifications of issued and revoked awards and completed batches.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder issuer)
    {
        RouteGroupBuilder group = issuer.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapPost("", CreateAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("CreateWebhook")
            .WithSummary("Register an https URL for award.issued, award.revoked and/or batch.completed; the answer carries the signing secret, once")
            .WithProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("", ListAsync).RequireScope(Scopes.AwardsIssue).WithName("ListWebhooks").WithSummary("The issuer's webhooks");
        group.MapDelete("/{webhookId}", DeleteAsync).RequireScope(Scopes.AwardsIssue).WithName("DeleteWebhook").WithSummary("Delete a webhook");
        group.MapGet("/{webhookId}/deliveries", DeliveriesAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("ListWebhookDeliveries")
            .WithSummary("A webhook's deliveries, newest first; state=dead lists the dead letters (every attempt failed), state=parked those whose lease failed too often")
            .WithProblems(StatusCodes.Status400BadRequest);
        issuer.MapGet("/webhook-deliveries", UnsentAsync).WithTags("Webhooks").RequireScope(Scopes.AwardsIssue)
            .WithName("ListUnsentWebhookDeliveries")
            .WithSummary("The issuer's deliveries that were not sent, over all its webhooks, newest first: dead letters and parked deliveries with their last error; state=dead or state=parked for one kind")
            .WithProblems(StatusCodes.Status400BadRequest);
    }

    private static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> CreateAsync(string issuerId, HttpContext http, JsonBody body, WebhookService webhooks)
    {
        BodyResult<WebhookRequest> request = await body.ReadAsync<WebhookRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<NewWebhook> outcome = await webhooks.SubscribeAsync(issuerId, request.Value!.Url, request.Value.Events, http.RequestAborted);
        return outcome.ToResult(d => TypedResults.Created($"/api/v1/issuers/{issuerId}/webhooks/{d.Value.Subscription.Id}",
            Response(d.Value.Subscription) with { Secret = d.Value.Secret }));
    }

    private static async Task<Ok<WebhookResponse[]>> ListAsync(string issuerId, WebhookService webhooks, CancellationToken cancellationToken) =>
        TypedResults.Ok((await webhooks.ListAsync(issuerId, cancellationToken)).Select(Response).ToArray());

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string issuerId, string webhookId, WebhookService webhooks, CancellationToken cancellationToken) =>
        (await webhooks.DeleteAsync(issuerId, webhookId, cancellationToken)).ToResult(_ => TypedResults.NoContent());

    private static async Task<Results<Ok<DeliveryResponse[]>, ProblemHttpResult>> DeliveriesAsync(string issuerId, string webhookId, string? state, int? limit, WebhookService webhooks,
        CancellationToken cancellationToken)
    {
        DeliveryState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse(state, ignoreCase: true, out DeliveryState parsed) || int.TryParse(state, out _))
                return ApiProblems.Unreadable([new FieldError("/state", "must be pending, delivered, dead or parked.")]);
            filter = parsed;
        }
        return (await webhooks.DeliveriesAsync(issuerId, webhookId, filter, limit ?? 50, cancellationToken)).ToResult(d => TypedResults.Ok(d.Value.Select(Response).ToArray()));
    }

    private static async Task<Results<Ok<DeliveryResponse[]>, ProblemHttpResult>> UnsentAsync(string issuerId, string? state, int? limit, WebhookService webhooks,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<DeliveryState> states = WebhookService.Unsent;
        if (state is not null)
        {
            states = [.. WebhookService.Unsent.Where(s => string.Equals(s.ToString(), state, StringComparison.OrdinalIgnoreCase))];
            if (states.Count == 0) return ApiProblems.Unreadable([new FieldError("/state", "must be dead or parked.")]);
        }
        return TypedResults.Ok((await webhooks.UnsentAsync(issuerId, states, limit ?? 50, cancellationToken)).Select(Response).ToArray());
    }

    private static DeliveryResponse Response(WebhookDelivery d) =>
        new(d.Id, d.SubscriptionId, d.Event, d.State.ToString().ToLowerInvariant(), d.Attempts, d.CreatedAt, d.NextAttemptAt, d.DeliveredAt, d.LastError, d.PayloadJson);

    private static WebhookResponse Response(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.CreatedAt);
}
