using System.Security.Claims;
using BadgeIssuer.Api.Auth;
using BadgeIssuer.Api.Issuers;
using BadgeIssuer.Api.Problems;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Validation;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Api.Webhooks;

/// <summary>The body of a webhook registration.</summary>
/// <param name="Url">An https URL on the public internet.</param>
/// <param name="Events">Any of <c>award.issued</c>, <c>award.revoked</c>, <c>batch.completed</c>.</param>
public sealed record WebhookRequest(string Url, IReadOnlyList<string> Events);

/// <summary>A webhook; <paramref name="Secret"/> is given once, when it is created, to check the signatures with.</summary>
public sealed record WebhookResponse(string Id, string Url, IReadOnlyList<string> Events, DateTimeOffset CreatedAt, string? Secret = null);

/// <summary>One delivery attempt record.</summary>
public sealed record DeliveryResponse(string Id, string Event, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt, string? LastError, string Payload);

/// <summary><c>/api/v1/issuers/{issuerId}/webhooks</c>: signed notifications of issued and revoked awards and completed batches.</summary>
public static class WebhookEndpoints
{
    public static void MapWebhooks(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/v1/issuers/{issuerId}/webhooks").WithTags("Webhooks");
        group.MapPost("", CreateAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("CreateWebhook")
            .WithSummary("Register an https URL for award.issued, award.revoked and/or batch.completed; the answer carries the signing secret, once")
            .Produces<WebhookResponse>(StatusCodes.Status201Created);
        group.MapGet("", ListAsync).RequireScope(Scopes.AwardsIssue).WithName("ListWebhooks").WithSummary("The issuer's webhooks").Produces<IReadOnlyList<WebhookResponse>>();
        group.MapDelete("/{webhookId}", DeleteAsync).RequireScope(Scopes.AwardsIssue).WithName("DeleteWebhook").WithSummary("Delete a webhook");
        group.MapGet("/{webhookId}/deliveries", DeliveriesAsync).RequireScope(Scopes.AwardsIssue)
            .WithName("ListWebhookDeliveries")
            .WithSummary("A webhook's deliveries, newest first; state=dead lists the dead letters (every attempt failed)")
            .Produces<IReadOnlyList<DeliveryResponse>>();
    }

    private static async Task<IResult> CreateAsync(string issuerId, HttpContext http, ClaimsPrincipal user, JsonBody body, WebhookService webhooks, Problems.Problems problems)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        BodyResult<WebhookRequest> request = await body.ReadAsync<WebhookRequest>(http);
        if (request.Problem is not null) return request.Problem;
        Outcome<NewWebhook> outcome = await webhooks.SubscribeAsync(issuerId, request.Value!.Url, request.Value.Events, http.RequestAborted);
        return outcome.ToResult(problems, d => Results.Created($"/api/v1/issuers/{issuerId}/webhooks/{d.Value.Subscription.Id}",
            Response(d.Value.Subscription) with { Secret = d.Value.Secret }));
    }

    private static async Task<IResult> ListAsync(string issuerId, ClaimsPrincipal user, WebhookService webhooks, Problems.Problems problems, CancellationToken cancellationToken)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        return Results.Ok((await webhooks.ListAsync(issuerId, cancellationToken)).Select(Response));
    }

    private static async Task<IResult> DeleteAsync(string issuerId, string webhookId, ClaimsPrincipal user, WebhookService webhooks, Problems.Problems problems, CancellationToken cancellationToken)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        return (await webhooks.DeleteAsync(issuerId, webhookId, cancellationToken)).ToResult(problems, _ => Results.NoContent());
    }

    private static async Task<IResult> DeliveriesAsync(string issuerId, string webhookId, string? state, int? limit, ClaimsPrincipal user, WebhookService webhooks,
        Problems.Problems problems, CancellationToken cancellationToken)
    {
        if (!user.CanActFor(issuerId)) return IssuerEndpoints.NotFound(problems, issuerId);
        DeliveryState? filter = null;
        if (state is not null)
        {
            if (!Enum.TryParse(state, ignoreCase: true, out DeliveryState parsed) || int.TryParse(state, out _))
                return problems.Invalid([new FieldError("/state", "must be pending, delivered or dead.")]);
            filter = parsed;
        }
        return (await webhooks.DeliveriesAsync(issuerId, webhookId, filter, limit ?? 50, cancellationToken)).ToResult(problems, d => Results.Ok(d.Value.Select(x =>
            new DeliveryResponse(x.Id, x.Event, x.State.ToString().ToLowerInvariant(), x.Attempts, x.CreatedAt, x.NextAttemptAt, x.DeliveredAt, x.LastError, x.PayloadJson))));
    }

    private static WebhookResponse Response(WebhookSubscription s) => new(s.Id, s.Url, s.Events, s.CreatedAt);
}
