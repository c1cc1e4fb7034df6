using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Webhooks;

namespace BadgeIssuer.Core.Keys;

/// <summary>What one rewrap did: how many secrets it sealed again, and how many were under the newest KEK already.</summary>
/// <param name="KeysResealed">Private keys sealed again under the newest key-encryption key.</param>
/// <param name="KeysCurrent">Private keys already sealed under it.</param>
/// <param name="WebhookSecretsResealed">Webhook secrets sealed again under it.</param>
/// <param name="WebhookSecretsCurrent">Webhook secrets already sealed under it.</param>
public sealed record RewrapCounts(int KeysResealed, int KeysCurrent, int WebhookSecretsResealed, int WebhookSecretsCurrent);

/// <summary>
/// Seals every private key and every webhook secret again under the newest key-encryption key of the ring (the step
/// between adding a new KEK and removing the old one). Each secret is one conditional write: a key by its version, a
/// webhook secret by the secret it replaces; when the service changed it meanwhile (a rotation retired the key), it is
/// read again and retried, so no write of the running service is lost. What is under the newest KEK already is left
/// alone, so a second run changes nothing.
/// </summary>
public sealed class KeyRewrap(IKeyStore keys, IWebhookStore webhooks, KeyEncryption encryption)
{
    private const int PageSize = 200;

    /// <summary>Rewraps everything; the plaintext of a secret exists only while it is sealed again.</summary>
    public async Task<RewrapCounts> RunAsync(CancellationToken cancellationToken)
    {
        (int keysResealed, int keysCurrent) = await EachAsync<SigningKey>(
            cursor => keys.ListAllAsync(cursor, PageSize, cancellationToken), id => keys.GetAsync(id, cancellationToken),
            key => key.Id, key => key.PrivateKey,
            key => keys.UpdateAsync(key with { PrivateKey = encryption.Reseal(key.PrivateKey, key.Id), Version = key.Version + 1 }, key.Version, cancellationToken));
        (int secretsResealed, int secretsCurrent) = await EachAsync<WebhookSubscription>(
            cursor => webhooks.ListAllSubscriptionsAsync(cursor, PageSize, cancellationToken), id => webhooks.GetSubscriptionAsync(id, cancellationToken),
            subscription => subscription.Id, subscription => subscription.Secret,
            subscription => webhooks.ReplaceSecretAsync(subscription.Id, subscription.Secret, encryption.Reseal(subscription.Secret, subscription.Id), cancellationToken));
        return new RewrapCounts(keysResealed, keysCurrent, secretsResealed, secretsCurrent);
    }

    /// <summary>Pages through one kind of record and reseals each one not under the newest KEK, reading it again after a conflict.</summary>
    private async Task<(int Resealed, int Current)> EachAsync<T>(Func<string?, Task<Page<T>>> page, Func<string, Task<T?>> reread,
        Func<T, string> id, Func<T, EncryptedSecret> secret, Func<T, Task<WriteOutcome>> reseal) where T : class
    {
        int resealed = 0, current = 0;
        string? cursor = null;
        do
        {
            Page<T> items = await page(cursor);
            foreach (T item in items.Items)
            {
                for (T? latest = item; latest is not null; latest = await reread(id(latest)))
                {
                    if (encryption.IsSealedByNewest(secret(latest)))
                    {
                        current++;
                        break;
                    }
                    WriteOutcome outcome = await reseal(latest);
                    if (outcome == WriteOutcome.Written) resealed++;
                    if (outcome != WriteOutcome.Conflict) break;
                }
            }
            cursor = items.NextCursor;
        }
        while (cursor is not null);
        return (resealed, current);
    }
}
