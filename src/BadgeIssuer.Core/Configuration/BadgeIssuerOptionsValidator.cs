using System.Globalization;
using BadgeIssuer.Core.Keys;
using MailKit.Security;
using MimeKit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BadgeIssuer.Core.Configuration;

/// <summary>
/// Checks the <c>BadgeIssuer</c> section when the service starts, so a wrong setting stops the start with one line per
/// problem naming the setting, what it must be and what was found. In Production (<paramref name="environment"/>) a
/// key-encryption key must be configured.
/// </summary>
public sealed class BadgeIssuerOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<BadgeIssuerOptions>
{
    /// <summary>The line that stops a Production start without a key-encryption key.</summary>
    public const string KeyEncryptionKeyRequired = "BadgeIssuer:KeyEncryptionKey (or KeyEncryptionKeyFile, or KeyEncryptionKeys) must be set in Production: "
        + "a key generated into the data directory would go with every copy of the data (e.g. `openssl rand -base64 32`, kept outside the data directory).";

    /// <summary>The most seconds <see cref="VerificationSettings.TimeoutSeconds"/> may be.</summary>
    public const int MaxVerificationTimeoutSeconds = 300;

    /// <summary>The fewest characters <see cref="BadgeIssuerOptions.AdminApiKey"/> may have.</summary>
    public const int MinAdminApiKeyLength = 32;

    /// <summary>The length of the key-encryption key (AES-256).</summary>
    public const int KeyEncryptionKeyBytes = 32;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, BadgeIssuerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out Uri? baseUri) || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
            failures.Add($"BadgeIssuer:PublicBaseUrl must be an absolute http(s) URL; found '{options.PublicBaseUrl}'.");
        else if (options.Issuers.DidWeb && baseUri.Scheme != Uri.UriSchemeHttps)
            failures.Add($"BadgeIssuer:Issuers:DidWeb needs an https BadgeIssuer:PublicBaseUrl, since did:web resolves over HTTPS only; found '{options.PublicBaseUrl}'.");
        if (!Enum.IsDefined(options.Storage))
            failures.Add($"BadgeIssuer:Storage must be {string.Join(" or ", Enum.GetNames<StorageKind>())}; found '{options.Storage}'.");
        if (options.AdminApiKey is { Length: > 0 and < MinAdminApiKeyLength } admin)
            failures.Add($"BadgeIssuer:AdminApiKey must be at least {MinAdminApiKeyLength} characters (e.g. `openssl rand -hex 32`); it has {admin.Length.ToString(CultureInfo.InvariantCulture)}.");
        KeyEncryptionKeySource.ReadConfigured(options, failures);
        if (environment?.IsProduction() == true && !KeyEncryptionKeySource.IsConfigured(options))
            failures.Add(KeyEncryptionKeyRequired);
        if (options.Verification.TimeoutSeconds is < 1 or > MaxVerificationTimeoutSeconds)
            failures.Add(Range("Verification:TimeoutSeconds", options.Verification.TimeoutSeconds, $"between 1 and {MaxVerificationTimeoutSeconds}"));
        AtLeastOne(failures, "Batches:LeaseSeconds", options.Batches.LeaseSeconds);
        AtLeastOne(failures, "Batches:MaxLeaseFailures", options.Batches.MaxLeaseFailures);
        AtLeastOne(failures, "Batches:SliceEntries", options.Batches.SliceEntries);
        AtLeastOne(failures, "Webhooks:Parallelism", options.Webhooks.Parallelism);
        AtLeastOne(failures, "Webhooks:PerEndpointLimit", options.Webhooks.PerEndpointLimit);
        AtLeastOne(failures, "Webhooks:MaxLeaseFailures", options.Webhooks.MaxLeaseFailures);
        AtLeastOne(failures, "Webhooks:MaxAttempts", options.Webhooks.MaxAttempts);
        AtLeastOne(failures, "Webhooks:FirstRetrySeconds", options.Webhooks.FirstRetrySeconds);
        AtLeastOne(failures, "Webhooks:LeaseSeconds", options.Webhooks.LeaseSeconds);
        AtLeastOne(failures, "Outbox:LeaseSeconds", options.Outbox.LeaseSeconds);
        ValidateEmail(options.Email, failures);
        AtLeastOne(failures, "Claims:ValidDays", options.Claims.ValidDays);
        AtLeastOne(failures, "Claims:ExchangeSeconds", options.Claims.ExchangeSeconds);
        if (options.Assessment.MaxFileBytes is < 1 or > AssessmentSettings.MaxFileBytesLimit)
            failures.Add($"BadgeIssuer:Assessment:MaxFileBytes must be from 1 to {AssessmentSettings.MaxFileBytesLimit}; found {options.Assessment.MaxFileBytes}.");
        AtLeastOne(failures, "Assessment:MaxEvidenceItems", options.Assessment.MaxEvidenceItems);
        AtLeastOne(failures, "RateLimiting:VerifyPerMinute", options.RateLimiting.VerifyPerMinute);
        AtLeastOne(failures, "RateLimiting:VerifyConcurrency", options.RateLimiting.VerifyConcurrency);
        AtLeastOne(failures, "RateLimiting:AuthFailuresPerMinute", options.RateLimiting.AuthFailuresPerMinute);
        AtLeastOne(failures, "RateLimiting:Oid4VciPerMinute", options.RateLimiting.Oid4VciPerMinute);
        if (options.MongoDb.WriteTimeoutSeconds is < 1 or > MongoDbSettings.MaxWriteTimeoutSeconds)
            failures.Add(Range("MongoDb:WriteTimeoutSeconds", options.MongoDb.WriteTimeoutSeconds, $"between 1 and {MongoDbSettings.MaxWriteTimeoutSeconds}"));
        if (options.Metrics.Port is { } port and (< 1 or > 65535))
            failures.Add(Range("Metrics:Port", port, "a TCP port between 1 and 65535"));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The Email section: checked in full only when mail is on (<see cref="EmailSettings.SmtpHost"/> set).</summary>
    private static void ValidateEmail(EmailSettings email, List<string> failures)
    {
        AtLeastOne(failures, "Email:MaxAttempts", email.MaxAttempts);
        AtLeastOne(failures, "Email:FirstRetrySeconds", email.FirstRetrySeconds);
        AtLeastOne(failures, "Email:MaxLeaseFailures", email.MaxLeaseFailures);
        AtLeastOne(failures, "Email:LeaseSeconds", email.LeaseSeconds);
        if (!Enum.IsDefined(email.UseTls))
            failures.Add($"BadgeIssuer:Email:UseTls must be {string.Join(", ", Enum.GetNames<SecureSocketOptions>())}; found '{email.UseTls}'.");
        if (!email.Enabled) return;
        if (Uri.CheckHostName(email.SmtpHost) == UriHostNameType.Unknown)
            failures.Add($"BadgeIssuer:Email:SmtpHost must be a host name or IP address (no scheme, no port); found '{email.SmtpHost}'.");
        if (email.SmtpPort is < 1 or > 65535)
            failures.Add(Range("Email:SmtpPort", email.SmtpPort, "a TCP port between 1 and 65535"));
        if (string.IsNullOrWhiteSpace(email.From))
            failures.Add("BadgeIssuer:Email:From must be set when BadgeIssuer:Email:SmtpHost is: the sender's address, e.g. badges@example.edu.");
        else if (!MailboxAddress.TryParse(email.From, out MailboxAddress? from) || !from.Address.Contains('@', StringComparison.Ordinal))
            failures.Add($"BadgeIssuer:Email:From must be one e-mail address, optionally with a display name (\"Badges\" <badges@example.edu>); found '{email.From}'.");
        if (string.IsNullOrEmpty(email.UserName) != string.IsNullOrEmpty(email.Password))
            failures.Add("BadgeIssuer:Email:UserName and BadgeIssuer:Email:Password must be set together (or neither, for a server that needs no login).");
    }

    private static void AtLeastOne(List<string> failures, string setting, int value)
    {
        if (value < 1) failures.Add(Range(setting, value, "at least 1"));
    }

    private static string Range(string setting, int value, string expected) =>
        $"BadgeIssuer:{setting} must be {expected}; found {value.ToString(CultureInfo.InvariantCulture)}.";
}
