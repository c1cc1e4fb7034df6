using BadgeIssuer.Core.Audit;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Issuers;

/// <summary>Creates, reads and replaces issuers. A new issuer gets its own signing keys before it becomes visible.</summary>
public sealed class IssuerService(IIssuerStore issuers, IssuerKeyService keys, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Creates an issuer. Its keys are stored first, so an issuer that exists always has keys; a crash in between
    /// leaves only unreferenced keys behind, never a half-made issuer.
    /// </summary>
    public async Task<Outcome<Issuer>> CreateAsync(IssuerDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        IReadOnlyList<FieldError> errors = draft.Validate();
        if (errors.Count > 0) return new Invalid<Issuer>(errors);
        string id = Ids.New();
        await keys.CreateInitialKeysAsync(id, cancellationToken);
        DateTimeOffset now = time.GetUtcNow();
        Issuer issuer = new(id, Trimmed(draft), now, now, version: 1);
        return await audit.RecordAsync(AuditChange.Of(id, AuditActions.IssuerCreated, issuer.Version, ("issuerId", id)),
            () => issuers.InsertAsync(issuer, cancellationToken), cancellationToken) switch
        {
            WriteOutcome.Written => new Done<Issuer>(issuer, Created: true),
            _ => new Conflict<Issuer>("An issuer with this id already exists; try again."),
        };
    }

    /// <summary>The issuer, or <see cref="NotFound{T}"/>.</summary>
    public async Task<Outcome<Issuer>> GetAsync(string issuerId, CancellationToken cancellationToken) =>
        await issuers.GetAsync(issuerId, cancellationToken) is { } issuer
            ? new Done<Issuer>(issuer)
            : new NotFound<Issuer>($"There is no issuer '{Check.Shorten(issuerId)}'.");

    /// <summary>Replaces the issuer's fields; with <paramref name="ifMatchVersion"/>, only if that is the current version.</summary>
    public async Task<Outcome<Issuer>> ReplaceAsync(string issuerId, IssuerDraft draft, long? ifMatchVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        IReadOnlyList<FieldError> errors = draft.Validate();
        if (errors.Count > 0) return new Invalid<Issuer>(errors);
        Issuer? current = await issuers.GetAsync(issuerId, cancellationToken);
        if (current is null) return new NotFound<Issuer>($"There is no issuer '{Check.Shorten(issuerId)}'.");
        if (ifMatchVersion is { } expected && expected != current.Version) return new PreconditionFailed<Issuer>(current.Version);
        Issuer updated = new(current.Id, Trimmed(draft), current.CreatedAt, time.GetUtcNow(), current.Version + 1) { Endorsements = current.Endorsements };
        return await audit.RecordAsync(AuditChange.Of(current.Id, AuditActions.IssuerUpdated, updated.Version, ("issuerId", current.Id)),
            () => issuers.UpdateAsync(updated, current.Version, cancellationToken), cancellationToken) switch
        {
            WriteOutcome.Written => new Done<Issuer>(updated),
            WriteOutcome.NotFound => new NotFound<Issuer>($"There is no issuer '{Check.Shorten(issuerId)}'."),
            _ => new Conflict<Issuer>("The issuer was changed by another request at the same time; read it again and retry."),
        };
    }

    /// <summary>One page of issuers, for administrators.</summary>
    public Task<Page<Issuer>> ListAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        issuers.ListAsync(cursor, Math.Clamp(limit, 1, 100), cancellationToken);

    /// <summary>The profile as stored: the name without surrounding spaces.</summary>
    private static IssuerDraft Trimmed(IssuerDraft draft) => draft with { Name = draft.Name.Trim() };
}
