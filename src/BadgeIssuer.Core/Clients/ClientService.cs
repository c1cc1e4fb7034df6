using BadgeIssuer.Core.Diagnostics;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;
using Microsoft.Extensions.Logging;

namespace BadgeIssuer.Core.Clients;

/// <summary>A new client together with its API key, which is shown once and never stored.</summary>
public sealed record CreatedClient(ApiClient Client, string ApiKey);

/// <summary>Creates API clients bound to an issuer (or administrators) and finds them by key.</summary>
public sealed class ClientService(IClientStore clients, IIssuerStore issuers, ILogger<ClientService> logger, TimeProvider time)
{
    /// <summary>Creates a client. An issuer-bound client may not hold <see cref="Scopes.IssuersAdmin"/>.</summary>
    public async Task<Outcome<CreatedClient>> CreateAsync(string? name, string? issuerId, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        Check check = new();
        check.OptionalText("/name", name, 200);
        if (scopes.Count == 0) check.Fail("/scopes", $"must list at least one scope of: {string.Join(", ", Scopes.All)}.");
        for (int i = 0; i < scopes.Count; i++)
        {
            if (!Scopes.All.Contains(scopes[i], StringComparer.Ordinal))
                check.Fail($"/scopes/{i}", $"'{Check.Shorten(scopes[i])}' is not a scope; expected one of: {string.Join(", ", Scopes.All)}.");
            else if (issuerId is not null && scopes[i] == Scopes.IssuersAdmin)
                check.Fail($"/scopes/{i}", $"a client bound to an issuer cannot hold {Scopes.IssuersAdmin}; leave out issuerId for an administrator.");
        }
        if (check.Errors.Count > 0) return new Invalid<CreatedClient>(check.Errors);
        if (issuerId is not null && await issuers.GetAsync(issuerId, cancellationToken) is null)
            return new NotFound<CreatedClient>($"There is no issuer '{Check.Shorten(issuerId)}'.");

        string apiKey = ApiKeys.New();
        ApiClient client = new(Ids.New(), name ?? "client", issuerId, scopes.Distinct(StringComparer.Ordinal).ToArray(), ApiKeys.Hash(apiKey), time.GetUtcNow());
        if (await clients.InsertAsync(client, cancellationToken) != WriteOutcome.Written)
            return new Conflict<CreatedClient>("A client with this id or key already exists; try again.");
        logger.ClientCreated(client.Id, client.IssuerId, string.Join(' ', client.Scopes));
        return new Done<CreatedClient>(new CreatedClient(client, apiKey), Created: true);
    }
}
