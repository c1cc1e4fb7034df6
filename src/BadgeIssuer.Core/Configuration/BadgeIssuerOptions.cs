using MailKit.Security;

namespace BadgeIssuer.Core.Configuration;

/// <summary>The <c>BadgeIssuer</c> configuration section (environment: <c>BadgeIssuer__...</c>).</summary>
public sealed class BadgeIssuerOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BadgeIssuer";

    /// <summary>The public origin used in every id and link, e.g. <c>https://badges.example.edu</c>.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Where the embedded store keeps its files.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Which store keeps the data; bound case-insensitively (<c>sqlite</c> is <see cref="StorageKind.Sqlite"/>).</summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>
    /// The bootstrap administrator API key, at least <see cref="BadgeIssuerOptionsValidator.MinAdminApiKeyLength"/>
    /// characters (e.g. <c>openssl rand -hex 32</c>); unset means no admin access.
    /// </summary>
    public string? AdminApiKey { get; set; }

    /// <summary>
    /// The key-encryption key (KEK) sealing private signing keys and webhook secrets: 32 bytes, base64; a ring of one
    /// whose id is the key's fingerprint (<see cref="Keys.KeyEncryption.Fingerprint"/>). Set one of this,
    /// <see cref="KeyEncryptionKeyFile"/> and <see cref="KeyEncryptionKeys"/>. When none is set, Production refuses to
    /// start; any other environment generates a key into the data directory (with a warning in the log).
    /// </summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>
    /// A file holding the key-encryption key (32 bytes, base64), e.g. a mounted secret; it must lie outside
    /// <see cref="DataDirectory"/>, so that a copy of the data does not carry the key that opens it.
    /// </summary>
    public string? KeyEncryptionKeyFile { get; set; }

    /// <summary>
    /// The key ring: every key here opens what it sealed, and the last entry (the highest index) seals everything new.
    /// To rotate, add the new key as the last entry, run <c>badge keys rewrap</c>, then remove the old one.
    /// </summary>
    public List<KeyEncryptionKeySettings> KeyEncryptionKeys { get; set; } = [];

    /// <summary>What the verifier may fetch.</summary>
    public VerificationSettings Verification { get; set; } = new();

    /// <summary>What kind of identifiers issuers get.</summary>
    public IssuerSettings Issuers { get; set; } = new();

    /// <summary>How award batches are worked through.</summary>
    public BatchSettings Batches { get; set; } = new();

    /// <summary>Which status entries issued credentials carry.</summary>
    public StatusSettings Status { get; set; } = new();

    /// <summary>Where webhooks may point and how hard deliveries are retried.</summary>
    public WebhookSettings Webhooks { get; set; } = new();

    /// <summary>The outbox of award events (<see cref="OutboxSettings"/>).</summary>
    public OutboxSettings Outbox { get; set; } = new();

    /// <summary>The SMTP server claim e-mails are sent through; mail is on when <see cref="EmailSettings.SmtpHost"/> is set.</summary>
    public EmailSettings Email { get; set; } = new();
    /// <summary>Claim links (<c>BadgeIssuer:Claims</c>).</summary>
    public ClaimSettings Claims { get; set; } = new();

    /// <summary>Submission and review (<c>BadgeIssuer:Assessment</c>).</summary>
    public AssessmentSettings Assessment { get; set; } = new();

    /// <summary>How much verification one client, and everyone together, may ask for.</summary>
    public RateLimitingSettings RateLimiting { get; set; } = new();

    /// <summary>Where the metrics can be scraped.</summary>
    public MetricsSettings Metrics { get; set; } = new();

    /// <summary>How long the MongoDB store waits for its writes to be acknowledged.</summary>
    public MongoDbSettings MongoDb { get; set; } = new();

    /// <summary><see cref="PublicBaseUrl"/> without a trailing slash.</summary>
    public string BaseUrl => PublicBaseUrl.TrimEnd('/');
}

/// <summary>One entry of <see cref="BadgeIssuerOptions.KeyEncryptionKeys"/>: the key itself or a file holding it, and its id.</summary>
public sealed class KeyEncryptionKeySettings
{
    /// <summary>
    /// The id stored with everything the key seals; unset, the key's fingerprint. Secrets sealed under either one
    /// open, so a key that was <see cref="BadgeIssuerOptions.KeyEncryptionKey"/> keeps opening its data when it
    /// moves into the ring with an id.
    /// </summary>
    public string? Id { get; set; }

    /// <summary>The key: 32 bytes, base64.</summary>
    public string? Key { get; set; }

    /// <summary>A file holding the key (32 bytes, base64), outside the data directory.</summary>
    public string? File { get; set; }
}

/// <summary>The stores <see cref="BadgeIssuerOptions.Storage"/> chooses from.</summary>
public enum StorageKind
{
    /// <summary>The embedded SQLite store in <see cref="BadgeIssuerOptions.DataDirectory"/> (the default).</summary>
    Sqlite,

    /// <summary>MongoDB at the connection string <c>ConnectionStrings:MongoDb</c> (production).</summary>
    MongoDb,
}

/// <summary>
/// The <c>BadgeIssuer:Metrics</c> section: the Prometheus scrape endpoint <c>GET /metrics</c>. Export by OTLP needs no
/// setting here: it is on when the standard variable <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public sealed class MetricsSettings
{
    /// <summary>Serve <c>GET /metrics</c> in the Prometheus text format (default on).</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// When set, <c>/metrics</c> answers only on this port (a management port, which must also be one the service
    /// listens on, e.g. through <c>ASPNETCORE_URLS</c>); other ports answer 404 there.
    /// </summary>
    public int? Port { get; set; }
}

/// <summary>The <c>BadgeIssuer:Issuers</c> section.</summary>
public sealed class IssuerSettings
{
    /// <summary>
    /// Give issuers <c>did:web</c> ids (<c>did:web:{host}:issuers:{id}</c>, resolving to
    /// <c>/issuers/{id}/did.json</c>) instead of their Profile URLs. Needs an https <see cref="BadgeIssuerOptions.PublicBaseUrl"/>.
    /// </summary>
    public bool DidWeb { get; set; }
}

/// <summary>The <c>BadgeIssuer:Status</c> section.</summary>
public sealed class StatusSettings
{
    /// <summary>
    /// Give every credential a suspension entry next to its revocation entry (the default). The two make
    /// <c>credentialStatus</c> the set VC 2.0 allows; OB 3.0's JSON Schema lists a single object, so issuers whose
    /// verifiers check that schema strictly turn this off and get one revocation entry (such awards cannot be
    /// suspended).
    /// </summary>
    public bool Suspension { get; set; } = true;
}

/// <summary>The <c>BadgeIssuer:Webhooks</c> section.</summary>
public sealed class WebhookSettings
{
    /// <summary>Allow http and loopback or private-network webhook URLs (development only; off by default).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Attempts before a delivery is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Seconds before the first retry; each further retry waits twice as long, up to an hour.</summary>
    public int FirstRetrySeconds { get; set; } = 10;

    /// <summary>Deliveries this process sends at once, to all receivers together.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>Deliveries this process sends at once to one webhook; the others wait, so a slow receiver delays only itself.</summary>
    public int PerEndpointLimit { get; set; } = 2;

    /// <summary>Times a delivery's lease may run out (its sender died or hung) before the delivery is parked.</summary>
    public int MaxLeaseFailures { get; set; } = 5;

    /// <summary>
    /// How long a worker holds a delivery it attempts; when a process dies during an attempt, another attempts the
    /// delivery again once this has run out. Keep it above the 10-second limit of one attempt.
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;
}

/// <summary>
/// The <c>BadgeIssuer:Email</c> section: the SMTP server (RFC 5321) claim e-mails go through, by MailKit. Mail is on
/// when <see cref="SmtpHost"/> is set; then <see cref="From"/> is required too.
/// </summary>
public sealed class EmailSettings
{
    /// <summary>The SMTP server's host name or address; unset (the default), the service sends no mail.</summary>
    public string? SmtpHost { get; set; }

    /// <summary>Its port: 587 (submission with STARTTLS, the default), 465 (implicit TLS) or 25.</summary>
    public int SmtpPort { get; set; } = 587;

    /// <summary>
    /// How the connection is secured, named as MailKit's <c>SecureSocketOptions</c>: <c>StartTls</c> (the default:
    /// plain connect, then STARTTLS, RFC 3207; a server without it is refused), <c>SslOnConnect</c> (implicit TLS,
    /// RFC 8314, port 465), <c>StartTlsWhenAvailable</c> (STARTTLS if offered, else plain), <c>Auto</c> (implicit TLS on
    /// port 465, otherwise STARTTLS when offered), <c>None</c> (no TLS: a mail catcher on the same machine only).
    /// </summary>
    public SecureSocketOptions UseTls { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>The user name to authenticate with (SMTP AUTH, RFC 4954); unset, the service does not authenticate.</summary>
    public string? UserName { get; set; }

    /// <summary>The password for <see cref="UserName"/>; never logged, never shown.</summary>
    public string? Password { get; set; }

    /// <summary>The sender, an RFC 5322 mailbox: <c>badges@example.edu</c> or <c>"Example Badges" &lt;badges@example.edu&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Attempts of one mail before it is recorded as failed.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Seconds before the first retry; each further retry waits twice as long, up to an hour.</summary>
    public int FirstRetrySeconds { get; set; } = 30;

    /// <summary>Times a mail's lease may run out (its sender died or hung) before the mail is parked.</summary>
    public int MaxLeaseFailures { get; set; } = 5;

    /// <summary>How long a worker holds a mail it sends; keep it above the 60-second limit of one attempt.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>Whether mail is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(SmtpHost);
}

/// <summary>The <c>BadgeIssuer:Outbox</c> section.</summary>
public sealed class OutboxSettings
{
    /// <summary>
    /// How long a worker holds an outbox event while it queues the event's webhook deliveries and runs its stacking;
    /// when a process dies meanwhile, another takes the event up once this has run out.
    /// </summary>
    public int LeaseSeconds { get; set; } = 60;
}

/// <summary>The <c>BadgeIssuer:Claims</c> section.</summary>
public sealed class ClaimSettings
{
    /// <summary>Days a claim link works after it was made (on issue, or when the issuer sends it again).</summary>
    public int ValidDays { get; set; } = 14;

    /// <summary>
    /// Seconds a wallet exchange (the Learner Credential Wallet's deep link, a VCALM exchange) accepts a presentation
    /// after it was opened: ten minutes, as issue 15 asks; shorter only for tests of expiry.
    /// </summary>
    public int ExchangeSeconds { get; set; } = 600;
}

/// <summary>The <c>BadgeIssuer:MongoDb</c> section (the connection string is <c>ConnectionStrings:MongoDb</c>).</summary>
public sealed class MongoDbSettings
{
    /// <summary>The most <see cref="WriteTimeoutSeconds"/> may be.</summary>
    public const int MaxWriteTimeoutSeconds = 300;

    /// <summary>
    /// How long a write waits for a majority of the replica set to journal it (the write concern's <c>wtimeout</c>);
    /// past it the write fails instead of hanging while a data-bearing member is missing.
    /// </summary>
    public int WriteTimeoutSeconds { get; set; } = 10;
}

/// <summary>The <c>BadgeIssuer:Batches</c> section.</summary>
public sealed class BatchSettings
{
    /// <summary>
    /// How long a worker holds a batch between progress saves; when a process dies, another picks its batch up once
    /// this has run out.
    /// </summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>
    /// Times in a row a batch's lease may run out or its worker fail without progress before the batch is parked with
    /// its last error.
    /// </summary>
    public int MaxLeaseFailures { get; set; } = 5;

    /// <summary>
    /// Entries a worker issues from one batch before handing it back, so the issuer served least recently goes next
    /// (one issuer's large batch does not hold up another's small one).
    /// </summary>
    public int SliceEntries { get; set; } = 500;
}

/// <summary>The <c>BadgeIssuer:Verification</c> section.</summary>
public sealed class VerificationSettings
{
    /// <summary>
    /// Hosts whose controller documents and did:web documents the verifier may fetch over HTTPS (env
    /// <c>BadgeIssuer__Verification__AllowedHosts__0=university.example</c>). Empty (the default): nothing is fetched.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>
    /// How long one verification may run, in seconds (default 5, at most 300); past it the report says the verification
    /// was stopped and the verdict is indeterminate.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 5;
}

/// <summary>
/// The <c>BadgeIssuer:RateLimiting</c> section: limits on the public routes that make the verifier work, and on
/// failed authentication per client address.
/// </summary>
public sealed class RateLimitingSettings
{
    /// <summary>Apply the limits (the default); <c>false</c> switches every one of them off, e.g. for load tests.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Verifications one client address may ask for per minute, in a burst or spread out.</summary>
    public int VerifyPerMinute { get; set; } = 60;

    /// <summary>Verifications running at once, from all clients together; more are turned away at once.</summary>
    public int VerifyConcurrency { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Failed authentications one client address may make per minute, in a burst or spread out; past them, requests
    /// from that address with an API key get 429 until the allowance refills, so keys cannot be guessed quickly.
    /// </summary>
    public int AuthFailuresPerMinute { get; set; } = 10;

    /// <summary>
    /// OpenID4VCI requests (offer pages, offers, tokens, nonces, credentials) one client address may make per minute, in
    /// a burst or spread out: a wallet needs about five per badge; the limit keeps anonymous routes that store a step
    /// (a nonce, an offer) from being used to fill the store.
    /// </summary>
    public int Oid4VciPerMinute { get; set; } = 60;
}

/// <summary>The <c>BadgeIssuer:Assessment</c> section: evidence uploads and submission links.</summary>
public sealed class AssessmentSettings
{
    /// <summary>The largest MongoDB document less room for the record: the most <see cref="MaxFileBytes"/> may be.</summary>
    public const long MaxFileBytesLimit = 15 * 1024 * 1024;

    /// <summary>The largest evidence file accepted, in bytes (default 10 MiB, at most 15 MiB).</summary>
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>The most evidence items (URLs, files, narratives) one round of a submission may have (default 20).</summary>
    public int MaxEvidenceItems { get; set; } = 20;
}
