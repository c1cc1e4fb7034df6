// DESIGN §4: a URL of a credential, a learner record, a status list or an OB 2.0 hosted document this service hosts
// is read from the store, never fetched over the network.
using System.Text;
using System.Text.Json.Nodes;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Core.Status;
using BadgeIssuer.Credentials.Verification;

namespace BadgeIssuer.Core.Issuing;

/// <summary>The documents this service publishes, as the verifier reads them.</summary>
public sealed class HostedDocuments(PublicUrls urls, IAwardStore awards, ILearnerRecordStore records, StatusService statuses, PublicationService publication) : IHostedDocuments
{
    /// <inheritdoc />
    public async ValueTask<FetchedContent?> FindAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        string address = url.GetLeftPart(UriPartial.Path);
        string lists = urls.StatusList("");
        if (address.StartsWith(lists, StringComparison.Ordinal))
        {
            return await statuses.PublishedAsync(address[lists.Length..], cancellationToken) is Done<PublishedStatusList> { Value: var list }
                ? new FetchedContent(list.Utf8Json, "application/vc+ld+json", null)
                : new FetchedContent(null, null, $"This service publishes no status list at {url}.");
        }
        if (await Ob2Async(address, cancellationToken) is { } ob2) return ob2;
        if (File(address, urls.LearnerRecord("")) is var (recordId, recordExtension))
        {
            // The record's JSON, PNG (which bakes that JSON) or page all carry the same signed ClrCredential.
            if (!Ids.IsWellFormed(recordId) || recordExtension is not (null or "json" or "png" or "html"))
                return new FetchedContent(null, null, $"{url} is not a learner record this service publishes.");
            return await records.GetAsync(recordId, cancellationToken) is { } record
                ? new FetchedContent(Encoding.UTF8.GetBytes(record.CredentialJson), "application/vc+ld+json", null)
                : new FetchedContent(null, null, $"This service has issued no learner record at {url}.");
        }
        if (File(address, urls.Credential("")) is not var (id, extension)) return null;
        if (!Ids.IsWellFormed(id) || extension is not (null or "json" or "jwt" or "png" or "svg"))
            return new FetchedContent(null, null, $"{url} is not a credential this service publishes.");
        if (await awards.GetAsync(id, cancellationToken) is not { } award)
            return new FetchedContent(null, null, $"This service has issued no credential at {url}.");
        return extension == "jwt"
            ? new FetchedContent(Encoding.UTF8.GetBytes(await publication.JwtAsync(award, cancellationToken)), "text/plain", null)
            : new FetchedContent(Encoding.UTF8.GetBytes(award.CredentialJson), "application/vc+ld+json", null);
    }

    /// <summary>
    /// An OB 2.0 hosted Assertion (a revoked one as its 410 Gone body), BadgeClass or issuer Profile of this service,
    /// or <c>null</c> when <paramref name="address"/> is none of their URLs.
    /// </summary>
    private async Task<FetchedContent?> Ob2Async(string address, CancellationToken cancellationToken)
    {
        if (Tail(address, urls.Ob2Assertion("")) is { } awardId)
        {
            return await publication.Ob2AssertionAsync(awardId, cancellationToken) is Done<Ob2Document> { Value: var document }
                ? document.Gone
                    ? new FetchedContent(null, "application/ld+json", $"{address} answered 410 Gone.") { GoneBody = Encoding.UTF8.GetBytes(document.Json.ToJsonString()) }
                    : Json(document.Json)
                : Missing(address);
        }
        if (Tail(address, urls.Ob2BadgeClass("")) is { } achievementId)
            return await publication.Ob2BadgeClassAsync(achievementId, cancellationToken) is Done<JsonObject> { Value: var badge } ? Json(badge) : Missing(address);
        if (Tail(address, urls.Ob2Issuer("")) is { } issuerId)
            return await publication.Ob2IssuerAsync(issuerId, cancellationToken) is Done<JsonObject> { Value: var profile } ? Json(profile) : Missing(address);
        return null;
    }

    /// <summary>The file name after <paramref name="prefix"/> as an id and an extension, or <c>null</c> when <paramref name="address"/> does not start with it.</summary>
    private static (string Id, string? Extension)? File(string address, string prefix) =>
        address.StartsWith(prefix, StringComparison.Ordinal) ? PublicUrls.SplitFile(address[prefix.Length..]) : null;

    /// <summary>The id after <paramref name="prefix"/> when <paramref name="address"/> is that prefix and one well-formed id.</summary>
    private static string? Tail(string address, string prefix) =>
        address.StartsWith(prefix, StringComparison.Ordinal) && address[prefix.Length..] is var id && Ids.IsWellFormed(id) ? id : null;

    private static FetchedContent Json(JsonObject document) => new(Encoding.UTF8.GetBytes(document.ToJsonString()), "application/ld+json", null);

    private static FetchedContent Missing(string address) => new(null, null, $"This service publishes no Open Badges 2.0 document at {address}.");
}
