// OB 3.0 §9.1 step 4 (status); W3C Bitstring Status List 1.0 §3.2 (validate algorithm) and its predecessor
// StatusList2021; 1EdTech Revocation List 1.0 (VCRL-10: a credential is revoked when its id is in revokedCredential
// and revoked is true or omitted). Lists are read through DocumentSources only (our own, or allow-listed hosts).
using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Proofs.Jose;
using BadgeIssuer.Credentials.Status;
using static BadgeIssuer.Credentials.Verification.VerificationCodes;

namespace BadgeIssuer.Credentials.Verification;

/// <summary>The <c>status</c> check: one entry per <c>credentialStatus</c> the credential declares.</summary>
internal sealed class StatusChecks(DocumentSources sources, ProofChecks proofs, StatusListReads reads, TimeProvider time)
{
    /// <summary>At most this many status entries are consulted; a credential with more is not checked further.</summary>
    private const int MaxEntries = 8;

    public async Task<IReadOnlyList<VerificationCheck>> RunAsync(JsonObject credential, VerificationBudget budget)
    {
        JsonObject[] entries = credential["credentialStatus"] switch
        {
            JsonArray array => [.. array.OfType<JsonObject>()],
            JsonObject one => [one],
            null => [],
            _ => [new JsonObject()],
        };
        if (entries.Length == 0)
            return [Passed(NoStatus, "The credential declares no status list, so it cannot have been revoked through one.")];
        if (entries.Length > MaxEntries)
            return [Indeterminate(TooManyStatusEntries, $"The credential declares {entries.Length} status entries; at most {MaxEntries} are consulted, so none of them was.")];
        List<VerificationCheck> checks = [];
        foreach (JsonObject entry in entries) checks.Add(await CheckAsync(credential, entry, budget));
        return checks;
    }

    private async Task<VerificationCheck> CheckAsync(JsonObject credential, JsonObject entry, VerificationBudget budget)
    {
        string? type = CredentialChecks.Types(entry).FirstOrDefault();
        return type switch
        {
            "BitstringStatusListEntry" => await BitstringAsync(credential, entry, "BitstringStatusListCredential", "BitstringStatusList", budget),
            "StatusList2021Entry" => await BitstringAsync(credential, entry, "StatusList2021Credential", "StatusList2021", budget),
            "1EdTechRevocationList" => await RevocationListAsync(credential, entry, budget),
            _ => Indeterminate(StatusTypeUnsupported, $"The credential's status is of type {type ?? "(none)"}, which this verifier does not know, so whether it was revoked could not be checked."),
        };
    }

    private async Task<VerificationCheck> BitstringAsync(JsonObject credential, JsonObject entry, string listType, string subjectType, VerificationBudget budget)
    {
        string purpose = JsonText.Of(entry["statusPurpose"]) ?? "";
        if (!long.TryParse(JsonText.Of(entry["statusListIndex"]), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long index))
            return Failed(StatusEntryMalformed, $"The status entry's statusListIndex must be a non-negative integer written as a string; found {entry["statusListIndex"]?.ToJsonString() ?? "nothing"}.");
        int size = entry["statusSize"] is JsonValue s && s.TryGetValue(out int parsed) ? parsed : 1;
        if (JsonText.Of(entry["statusListCredential"]) is not { } listUrl || !Uri.TryCreate(listUrl, UriKind.Absolute, out Uri? url))
            return Failed(StatusEntryMalformed, "The status entry's statusListCredential must be the URL of the status list.");

        FetchedContent fetched = await budget.ReadOnceAsync(url, sources);
        if (fetched.Content is not { } content)
            return Indeterminate(StatusUnavailable, $"The {purpose} status list could not be read, so whether the credential was {Participle(purpose)} is unknown: {fetched.Problem}");
        string key = StatusListReads.KeyOf(url, content);
        if (!reads.TryGet(key, out StatusListRead? list))
        {
            RemoteDocumentResult parsedList = RemoteDocuments.ParseObject(url, fetched);
            if (parsedList.Document is not { } document)
                return Indeterminate(StatusUnavailable, $"The {purpose} status list could not be read, so whether the credential was {Participle(purpose)} is unknown: {parsedList.Problem}");
            list = await ReadAsync(document, budget);
            reads.Add(key, list);
        }
        if (!list.Types.Contains(listType) || !list.SubjectTypes.Contains(subjectType))
            return Indeterminate(StatusListUnverified, $"{url} is not a {listType}.");
        if (!list.Purposes.Contains(purpose))
            return Indeterminate(StatusListUnverified, $"The status list at {url} is for {string.Join("/", list.Purposes)}, not for the entry's purpose '{purpose}'.");
        if (ListProblem(credential, list) is { } problem)
            return Indeterminate(StatusListUnverified, $"The status list at {url} cannot be trusted: {problem}");
        if (list.Bits is not { } bitstring)
            return Indeterminate(StatusListUnverified, $"The status list at {url} cannot be read: {list.BitsProblem}");
        try
        {
            int value = BitstringStatusList.Read(bitstring, index, size);
            return (purpose, value) switch
            {
                ("revocation", not 0) => Failed(Revoked, "The issuer has revoked this credential."),
                ("suspension", not 0) => Failed(Suspended, "The issuer has suspended this credential; it is not valid while suspended."),
                ("revocation", _) => Passed(NotRevoked, "The issuer's status list says the credential has not been revoked."),
                ("suspension", _) => Passed(NotSuspended, "The issuer's status list says the credential is not suspended."),
                _ => Passed(StatusRead, $"The issuer's '{purpose}' status for this credential is {value}."),
            };
        }
        catch (StatusListException ex)
        {
            return Indeterminate(StatusListUnverified, $"The status list at {url} cannot be read: {ex.Message}");
        }
    }

    /// <summary>
    /// Everything a status list credential says on its own: its proofs are checked and its list decoded here, once per
    /// content (see <see cref="StatusListReads"/>); a list whose proofs fail is not decoded.
    /// </summary>
    private async Task<StatusListRead> ReadAsync(JsonObject document, VerificationBudget budget)
    {
        JsonObject? subject = document["credentialSubject"] as JsonObject;
        IReadOnlyList<string> subjectTypes = subject is null ? [] : CredentialChecks.Types(subject);
        IReadOnlyList<string> purposes = subject is null ? [] : Purposes(subject);
        IReadOnlyList<VerificationCheck> checks = await proofs.RunAsync(document, budget);
        string? proofProblem = checks.FirstOrDefault(c => c.Status != CheckStatus.Passed)?.Message;
        byte[]? bits = null;
        string? bitsProblem = null;
        if (proofProblem is null)
        {
            try
            {
                string encodedList = JsonText.Of(subject?["encodedList"]) ?? "";
                // The compressed bytes are charged before decoding, the inflated ones after (each list is also capped on its own).
                budget.ChargeBytes(encodedList.Length * 3L / 4);
                bits = BitstringStatusList.Decode(encodedList);
                budget.ChargeBytes(bits.Length);
            }
            catch (StatusListException ex)
            {
                bitsProblem = ex.Message;
            }
        }
        JsonObject dated = new();
        foreach ((string name, JsonNode? value) in document)
            if (name is not ("credentialSubject" or "proof")) dated[name] = value?.DeepClone();
        return new StatusListRead(dated, VcJwt.IssuerId(document), CredentialChecks.Types(document), subjectTypes, purposes, proofProblem, bits, bitsProblem);
    }

    /// <summary>Why a status list credential cannot speak for the credential's issuer, or <c>null</c> when it can.</summary>
    private string? ListProblem(JsonObject credential, StatusListRead list)
    {
        string? issuer = VcJwt.IssuerId(credential);
        if (!string.Equals(list.IssuerId, issuer, StringComparison.Ordinal))
            return $"it was issued by {list.IssuerId ?? "nobody"}, not by the credential's issuer {issuer}.";
        if (list.ProofProblem is { } proofProblem) return proofProblem;
        VerificationCheck dates = CredentialChecks.Dates(list.Document, time.GetUtcNow());
        return dates.Status == CheckStatus.Failed ? dates.Message : null;
    }

    private async Task<VerificationCheck> RevocationListAsync(JsonObject credential, JsonObject entry, VerificationBudget budget)
    {
        if (JsonText.Of(entry["id"]) is not { } listUrl || !Uri.TryCreate(listUrl, UriKind.Absolute, out Uri? url))
            return Failed(StatusEntryMalformed, "The 1EdTechRevocationList entry's id must be the URL of the revocation list.");
        RemoteDocumentResult fetched = RemoteDocuments.ParseObject(url, await budget.ReadOnceAsync(url, sources));
        if (fetched.Document is not { } list)
            return Indeterminate(StatusUnavailable, $"The issuer's revocation list could not be read, so whether the credential was revoked is unknown: {fetched.Problem}");
        string? id = JsonText.Of(credential["id"]);
        JsonObject? revoked = (list["revokedCredential"] as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(r => id is not null && JsonText.Of(r["id"]) == id && !(r["revoked"] is JsonValue v && v.TryGetValue(out bool b) && !b));
        if (revoked is null)
            return Passed(NotRevoked, "The issuer's revocation list does not list this credential.");
        string reason = JsonText.Of(revoked["revocationReason"]) is { Length: > 0 } r ? $" Reason given: {r}" : "";
        return Failed(Revoked, "The issuer has revoked this credential." + reason);
    }

    private static IReadOnlyList<string> Purposes(JsonObject subject) => subject["statusPurpose"] switch
    {
        JsonArray array => [.. array.Select(JsonText.Of).OfType<string>()],
        var single when JsonText.Of(single) is { } p => [p],
        _ => [],
    };

    private static string Participle(string purpose) => purpose switch
    {
        "revocation" => "revoked",
        "suspension" => "suspended",
        _ => $"given a '{purpose}' status",
    };

    private static VerificationCheck Passed(string code, string message) => new(Checks.Status, CheckStatus.Passed, code, message);
    private static VerificationCheck Failed(string code, string message) => new(Checks.Status, CheckStatus.Failed, code, message);
    private static VerificationCheck Indeterminate(string code, string message) => new(Checks.Status, CheckStatus.Indeterminate, code, message);
}
