using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Clients;

/// <summary>A new client, or a client with a new key, together with its API key, which is shown once and never stored.</summary>
public sealed record CreatedClient(ApiClient Client, string ApiKey);

/// <summary>Creates, lists, revokes and rotates API clients bound to an issuer (or administrators).</summary>
public sealed class ClientService(IClientStore clients, IIssuerStore issuers, AuditTrail audit, ILogger<ClientService> logger, TimeProvider time)
{
    /// <summary>The longest grace period a rotation may give the key it replaces (30 days).</summary>
    public const int MaxGraceSeconds = 30 * 24 * 60 * 60;

    /// <summary>
    /// Creates a client whose key works until <paramref name="expiresAt"/> (for ever when <c>null</c>). An issuer-bound
    /// client may not hold <see cref="Scopes.IssuersAdmin"/>.
    /// </summary>
    public async Task<Outcome<CreatedClient>> CreateAsync(string? name, string? issuerId, IReadOnlyList<string> scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        DateTimeOffset now = time.GetUtcNow();
        Check check = new();
        check.OptionalText("/name", name, 200);
        if (scopes.Count == 0) check.Fail("/scopes", $"must list at least one scope of: {string.Join(", ", Scopes.All)}.");
        for (int i = 0; i < scopes.Count; i++)
        {
            if (!Scopes.All.Contains(scopes[i], StringComparer.Ordinal))
                check.Fail($"/scopes/{i}", $"'{Check.Shorten(scopes[i])}' is not a scope; expected one of: {string.Join(", ", Scopes.All)}.");
            else if (scopes[i] == Scopes.ReviewsWrite)
                check.Fail($"/scopes/{i}", $"{Scopes.ReviewsWrite} is held only by an assessor's own key; add the assessor (POST /api/v1/issuers/{{issuerId}}/assessors) to get one.");
            else if (issuerId is not null && scopes[i] == Scopes.IssuersAdmin)
                check.Fail($"/scopes/{i}", $"a client bound to an issuer cannot hold {Scopes.IssuersAdmin}; leave out issuerId for an administrator.");
        }
        if (expiresAt <= now) check.Fail("/expiresAt", $"must be in the future; found {expiresAt:O}, and it is now {now:O}.");
        if (check.Errors.Count > 0) return new Invalid<CreatedClient>(check.Errors);
        if (issuerId is not null && await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<CreatedClient>($"There is no issuer '{Check.Shorten(issuerId)}'.");

        string apiKey = ApiKeys.New();
        ApiClient client = new(Ids.New(), name ?? "client", issuerId, scopes.Distinct(StringComparer.Ordinal).ToArray(), ApiKeys.Hash(apiKey), now, expiresAt?.ToUniversalTime());
        if (await audit.RecordAsync(Changed(client, AuditActions.ClientCreated, 1), () => clients.InsertAsync(client, cancellationToken), cancellationToken) != WriteOutcome.Written)
            return new Conflict<CreatedClient>("A client with this id or key already exists; try again.");
        logger.ClientCreated(client.Id, client.IssuerId, string.Join(' ', client.Scopes));
        return new Done<CreatedClient>(new CreatedClient(client, apiKey), Created: true);
    }

    /// <summary>A page of clients, ordered by id; only those bound to <paramref name="issuerId"/> when it is given.</summary>
    public Task<Page<ApiClient>> ListAsync(string? issuerId, string? cursor, int limit, CancellationToken cancellationToken) =>
        clients.ListAsync(issuerId, cursor, Math.Clamp(limit, 1, 200), cancellationToken);

    /// <summary>Revokes a client: its keys are refused from the next request on. Revoking a revoked client changes nothing.</summary>
    public async Task<Outcome<ApiClient>> RevokeAsync(string clientId, CancellationToken cancellationToken)
    {
        ApiClient? client = await clients.GetAsync(clientId, cancellationToken);
        if (client is null) return NoSuchClient<ApiClient>(clientId);
        if (client.RevokedAt is not null) return new Done<ApiClient>(client);
        ApiClient revoked = client with { RevokedAt = time.GetUtcNow(), PreviousKeyHash = null, PreviousKeyValidUntil = null };
        WriteOutcome written = await audit.RecordAsync(Changed(revoked, AuditActions.ClientRevoked, 1), () => clients.UpdateAsync(revoked, client.KeyHash, cancellationToken), cancellationToken);
        if (written == WriteOutcome.Written) logger.ClientRevoked(revoked.Id, revoked.IssuerId);
        return written switch
        {
            WriteOutcome.Written => new Done<ApiClient>(revoked),
            WriteOutcome.NotFound => NoSuchClient<ApiClient>(clientId),
            _ => new Conflict<ApiClient>($"Client '{client.Id}' changed while it was being revoked; try again."),
        };
    }

    /// <summary>
    /// Gives a client a new key. The key it replaces keeps working for <paramref name="graceSeconds"/> (none when 0),
    /// so callers can switch over; a key an earlier rotation left in its grace period stops working now.
    /// </summary>
    public async Task<Outcome<CreatedClient>> RotateAsync(string clientId, int graceSeconds, CancellationToken cancellationToken)
    {
        if (graceSeconds is < 0 or > MaxGraceSeconds)
            return new Invalid<CreatedClient>([new FieldError("/graceSeconds", $"must be between 0 and {MaxGraceSeconds}; found {graceSeconds}.")]);
        ApiClient? client = await clients.GetAsync(clientId, cancellationToken);
        if (client is null) return NoSuchClient<CreatedClient>(clientId);
        if (client.RevokedAt is not null) return new Conflict<CreatedClient>($"Client '{client.Id}' is revoked; create a new client instead.");
        string apiKey = ApiKeys.New();
        ApiClient rotated = client with
        {
            KeyHash = ApiKeys.Hash(apiKey),
            PreviousKeyHash = graceSeconds > 0 ? client.KeyHash : null,
            PreviousKeyValidUntil = graceSeconds > 0 ? time.GetUtcNow().AddSeconds(graceSeconds) : null,
        };
        // The new key's hash tells this rotation from the client's others; the entry id is a hash of it again, so it reveals nothing.
        WriteOutcome written = await audit.RecordAsync(Changed(rotated, AuditActions.ClientRotated, rotated.KeyHash),
            () => clients.UpdateAsync(rotated, client.KeyHash, cancellationToken), cancellationToken);
        if (written == WriteOutcome.Written) logger.ClientKeyRotated(rotated.Id, rotated.IssuerId, graceSeconds);
        return written switch
        {
            WriteOutcome.Written => new Done<CreatedClient>(new CreatedClient(rotated, apiKey)),
            WriteOutcome.NotFound => NoSuchClient<CreatedClient>(clientId),
            _ => new Conflict<CreatedClient>($"Client '{client.Id}' changed while its key was being rotated; try again."),
        };
    }

    /// <summary>The audit record of a change to the client, recorded under its issuer (none for an administrator).</summary>
    private static AuditChange Changed(ApiClient client, string action, object occurrence) => AuditChange.Of(client.IssuerId, action, occurrence, ("clientId", client.Id));

    private static NotFound<T> NoSuchClient<T>(string clientId) => new($"There is no client '{Check.Shorten(clientId)}'.");
}
