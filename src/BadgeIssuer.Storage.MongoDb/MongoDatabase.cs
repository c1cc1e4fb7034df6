// MongoDB through MongoDB.Driver: one document per entity, every write a single-document operation (atomic in
// MongoDB), unique indexes for the keys DESIGN §5 lists, a version field for optimistic concurrency. A standalone
// mongod is enough; writes wait for the journal on a majority, for at most the write timeout (wtimeout), so a replica
// set that has lost the members a majority needs fails writes instead of hanging them.
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>The database, its collections and indexes, and the operations every store is built from.</summary>
public sealed class MongoDatabase
{
    private static readonly Lock MappingLock = new();
    private static bool _mapped;

    /// <summary>How long a write waits for a journaled majority unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The client and collections; the driver connects lazily, and the indexes are made by <see cref="CreateIndexesAsync"/>
    /// at start. Writes are acknowledged once journaled on a majority, or fail after <paramref name="writeTimeout"/>.
    /// </summary>
    public MongoDatabase(string connectionString, string databaseName, TimeSpan writeTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(databaseName);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(writeTimeout, TimeSpan.Zero);
        RegisterMappings();
        Client = new MongoClient(connectionString);
        Database = Client.GetDatabase(databaseName).WithWriteConcern(WriteConcern.WMajority.With(journal: true, wTimeout: writeTimeout));
        Issuers = Database.GetCollection<IssuerDocument>("issuers");
        Keys = Database.GetCollection<KeyDocument>("keys");
        Achievements = Database.GetCollection<AchievementDocument>("achievements");
        Awards = Database.GetCollection<AwardDocument>("awards");
        Clients = Database.GetCollection<ClientDocument>("clients");
        StatusLists = Database.GetCollection<StatusListDocument>("statusLists");
        Batches = Database.GetCollection<BatchDocument>("batches");
        BatchChunks = Database.GetCollection<BatchChunkDocument>("batchChunks");
        BatchResults = Database.GetCollection<BatchResultDocument>("batchResults");
        Webhooks = Database.GetCollection<WebhookSubscriptionDocument>("webhooks");
        WebhookDeliveries = Database.GetCollection<WebhookDeliveryDocument>("webhookDeliveries");
        Audit = Database.GetCollection<AuditDocument>("audit");
        MailJobs = Database.GetCollection<MailJobDocument>("mailJobs");
        ClaimSessions = Database.GetCollection<ClaimSessionDocument>("claimSessions");
        Submissions = Database.GetCollection<SubmissionDocument>("submissions");
        Assessors = Database.GetCollection<AssessorDocument>("assessors");
        EvidenceFiles = Database.GetCollection<EvidenceFileDocument>("evidenceFiles");
        LearnerRecords = Database.GetCollection<LearnerRecordDocument>("learnerRecords");
    }

    /// <summary>The driver's client.</summary>
    public IMongoClient Client { get; }

    /// <summary>The database.</summary>
    public IMongoDatabase Database { get; }

    internal IMongoCollection<IssuerDocument> Issuers { get; }
    internal IMongoCollection<KeyDocument> Keys { get; }
    internal IMongoCollection<AchievementDocument> Achievements { get; }
    internal IMongoCollection<AwardDocument> Awards { get; }
    internal IMongoCollection<ClientDocument> Clients { get; }
    internal IMongoCollection<StatusListDocument> StatusLists { get; }
    internal IMongoCollection<BatchDocument> Batches { get; }
    internal IMongoCollection<BatchChunkDocument> BatchChunks { get; }
    internal IMongoCollection<BatchResultDocument> BatchResults { get; }
    internal IMongoCollection<WebhookSubscriptionDocument> Webhooks { get; }
    internal IMongoCollection<WebhookDeliveryDocument> WebhookDeliveries { get; }
    internal IMongoCollection<AuditDocument> Audit { get; }
    internal IMongoCollection<MailJobDocument> MailJobs { get; }
    internal IMongoCollection<ClaimSessionDocument> ClaimSessions { get; }
    internal IMongoCollection<SubmissionDocument> Submissions { get; }
    internal IMongoCollection<AssessorDocument> Assessors { get; }
    internal IMongoCollection<EvidenceFileDocument> EvidenceFiles { get; }
    internal IMongoCollection<LearnerRecordDocument> LearnerRecords { get; }

    /// <summary>Inserts one document; a duplicate key is <see cref="WriteOutcome.Conflict"/>.</summary>
    internal static async Task<WriteOutcome> InsertAsync<T>(IMongoCollection<T> collection, T document, CancellationToken cancellationToken)
    {
        try
        {
            await collection.InsertOneAsync(document, cancellationToken: cancellationToken);
            return WriteOutcome.Written;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            return WriteOutcome.Conflict;
        }
    }

    /// <summary>
    /// The collection read from the primary with read concern "local": a read that follows a duplicate-key error or a
    /// write that matched nothing must see the document the primary just refused on, which a secondary (a read preference
    /// in the connection string) or a majority read concern may not show yet.
    /// </summary>
    internal static IMongoCollection<T> Fresh<T>(IMongoCollection<T> collection) =>
        collection.WithReadPreference(ReadPreference.Primary).WithReadConcern(ReadConcern.Local);

    /// <summary>Replaces a document only if its stored version is <paramref name="expectedVersion"/>.</summary>
    internal static async Task<WriteOutcome> ReplaceAsync<T>(IMongoCollection<T> collection, string id, long expectedVersion, T document, CancellationToken cancellationToken)
    {
        FilterDefinition<T> filter = Builders<T>.Filter.And(Builders<T>.Filter.Eq("_id", id), Builders<T>.Filter.Eq("version", expectedVersion));
        ReplaceOneResult result = await collection.ReplaceOneAsync(filter, document, cancellationToken: cancellationToken);
        if (result.MatchedCount == 1) return WriteOutcome.Written;
        long exists = await Fresh(collection).CountDocumentsAsync(Builders<T>.Filter.Eq("_id", id), cancellationToken: cancellationToken);
        return exists > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <summary>A page of documents ordered by id, after <paramref name="cursor"/>.</summary>
    internal static async Task<Page<TDomain>> PageAsync<TDocument, TDomain>(IMongoCollection<TDocument> collection, FilterDefinition<TDocument> filter,
        string? cursor, int limit, Func<TDocument, string> id, Func<TDocument, TDomain> map, CancellationToken cancellationToken)
    {
        FilterDefinition<TDocument> after = cursor is null ? filter : Builders<TDocument>.Filter.And(filter, Builders<TDocument>.Filter.Gt("_id", cursor));
        List<TDocument> rows = await collection.Find(after).Sort(Builders<TDocument>.Sort.Ascending("_id")).Limit(limit + 1).ToListAsync(cancellationToken);
        bool more = rows.Count > limit;
        if (more) rows.RemoveAt(rows.Count - 1);
        return new Page<TDomain>([.. rows.Select(map)], more ? id(rows[^1]) : null);
    }

    /// <summary>Makes sure the indexes the stores rely on exist (unique keys of DESIGN §5, and those the queries sort by).</summary>
    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await Keys.Indexes.CreateOneAsync(new CreateIndexModel<KeyDocument>(Builders<KeyDocument>.IndexKeys.Ascending(k => k.IssuerId).Ascending(k => k.Status)), cancellationToken: cancellationToken);
        await Achievements.Indexes.CreateOneAsync(new CreateIndexModel<AchievementDocument>(Builders<AchievementDocument>.IndexKeys.Ascending(a => a.IssuerId).Ascending("_id")), cancellationToken: cancellationToken);
        await Awards.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending(a => a.CredentialId), new CreateIndexOptions { Unique = true, Name = "credentialId_unique" }),
            MongoQueries.IdempotencyKeyIndex<AwardDocument>(),
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending(a => a.IssuerId).Ascending(a => a.IssuedAt).Ascending("_id")),
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending(a => a.IssuerId).Ascending(a => a.AchievementId).Ascending(a => a.IssuedAt).Ascending("_id")),
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending(a => a.IssuerId).Ascending(a => a.RecipientKey).Ascending(a => a.IssuedAt).Ascending("_id")),
            // Only awards with outbox events are in these two: the claim of the oldest pending event, and an event by id.
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending($"{MongoOutbox.Field}.state").Ascending($"{MongoOutbox.Field}.createdAt"),
                new CreateIndexOptions { Sparse = true, Name = "outbox_pending" }),
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending($"{MongoOutbox.Field}._id"), new CreateIndexOptions { Sparse = true, Name = "outbox_id" }),
            // Awards stored before claim links have no token hash and stay out of this one.
            new CreateIndexModel<AwardDocument>(Builders<AwardDocument>.IndexKeys.Ascending(a => a.ClaimTokenHash),
                new CreateIndexOptions<AwardDocument> { Name = "claimTokenHash", PartialFilterExpression = Builders<AwardDocument>.Filter.Type(a => a.ClaimTokenHash, BsonType.String) }),
        ], cancellationToken: cancellationToken);
        await ClaimSessions.Indexes.CreateOneAsync(new CreateIndexModel<ClaimSessionDocument>(Builders<ClaimSessionDocument>.IndexKeys.Ascending(s => s.ExpiresAt)), cancellationToken: cancellationToken);
        await Batches.Indexes.CreateManyAsync(
        [
            MongoQueries.IdempotencyKeyIndex<BatchDocument>(),
            new CreateIndexModel<BatchDocument>(Builders<BatchDocument>.IndexKeys.Ascending(b => b.State).Ascending(b => b.CreatedAt).Ascending("_id")),
            new CreateIndexModel<BatchDocument>(Builders<BatchDocument>.IndexKeys.Ascending(b => b.IssuerId).Descending(b => b.ClaimedAt)),
        ], cancellationToken: cancellationToken);
        await BatchResults.Indexes.CreateOneAsync(new CreateIndexModel<BatchResultDocument>(Builders<BatchResultDocument>.IndexKeys.Ascending(r => r.BatchId).Ascending(r => r.Index)), cancellationToken: cancellationToken);
        await BatchResults.Indexes.CreateOneAsync(new CreateIndexModel<BatchResultDocument>(Builders<BatchResultDocument>.IndexKeys.Ascending(r => r.BatchId).Ascending(r => r.Outcome)), cancellationToken: cancellationToken);
        await Webhooks.Indexes.CreateOneAsync(new CreateIndexModel<WebhookSubscriptionDocument>(Builders<WebhookSubscriptionDocument>.IndexKeys.Ascending(w => w.IssuerId).Ascending(w => w.CreatedAt)), cancellationToken: cancellationToken);
        await WebhookDeliveries.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<WebhookDeliveryDocument>(Builders<WebhookDeliveryDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.NextAttemptAt)),
            new CreateIndexModel<WebhookDeliveryDocument>(Builders<WebhookDeliveryDocument>.IndexKeys.Ascending(d => d.SubscriptionId).Descending(d => d.CreatedAt)),
        ], cancellationToken: cancellationToken);
        await MailJobs.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<MailJobDocument>(Builders<MailJobDocument>.IndexKeys.Ascending(d => d.State).Ascending(d => d.NextAttemptAt)),
            new CreateIndexModel<MailJobDocument>(Builders<MailJobDocument>.IndexKeys.Ascending(d => d.AwardId).Descending(d => d.CreatedAt)),
        ], cancellationToken: cancellationToken);
        await StatusLists.Indexes.CreateOneAsync(new CreateIndexModel<StatusListDocument>(
            Builders<StatusListDocument>.IndexKeys.Ascending(l => l.IssuerId).Ascending(l => l.Purpose).Ascending(l => l.Number),
            new CreateIndexOptions { Unique = true, Name = "issuer_purpose_number_unique" }), cancellationToken: cancellationToken);
        await Clients.Indexes.CreateManyAsync(
        [
            new CreateIndexModel<ClientDocument>(Builders<ClientDocument>.IndexKeys.Ascending(c => c.KeyHash), new CreateIndexOptions { Unique = true, Name = "keyHash_unique" }),
            new CreateIndexModel<ClientDocument>(Builders<ClientDocument>.IndexKeys.Ascending(c => c.PreviousKeyHash), new CreateIndexOptions { Sparse = true, Name = "previousKeyHash" }),
            new CreateIndexModel<ClientDocument>(Builders<ClientDocument>.IndexKeys.Ascending(c => c.IssuerId).Ascending("_id")),
        ], cancellationToken: cancellationToken);
        await Audit.Indexes.CreateOneAsync(new CreateIndexModel<AuditDocument>(Builders<AuditDocument>.IndexKeys.Ascending(a => a.IssuerId).Ascending(a => a.AtTicks).Ascending("_id")), cancellationToken: cancellationToken);
        await Submissions.Indexes.CreateManyAsync(
        [
            MongoQueries.IdempotencyKeyIndex<SubmissionDocument>(),
            new CreateIndexModel<SubmissionDocument>(Builders<SubmissionDocument>.IndexKeys.Ascending(s => s.IssuerId).Ascending(s => s.CreatedAt).Ascending("_id")),
            // Listing in one state, and the load count, which matches the issuer's submissions under review.
            new CreateIndexModel<SubmissionDocument>(Builders<SubmissionDocument>.IndexKeys.Ascending(s => s.IssuerId).Ascending(s => s.State).Ascending(s => s.CreatedAt).Ascending("_id")),
        ], cancellationToken: cancellationToken);
        await Assessors.Indexes.CreateOneAsync(new CreateIndexModel<AssessorDocument>(Builders<AssessorDocument>.IndexKeys.Ascending(a => a.IssuerId).Ascending("_id")), cancellationToken: cancellationToken);
        await LearnerRecords.Indexes.CreateManyAsync(
        [
            MongoQueries.IdempotencyKeyIndex<LearnerRecordDocument>(),
            new CreateIndexModel<LearnerRecordDocument>(Builders<LearnerRecordDocument>.IndexKeys.Ascending(r => r.IssuerId).Ascending(r => r.RecipientKey).Ascending(r => r.IssuedAt).Ascending("_id")),
        ], cancellationToken: cancellationToken);
    }

    /// <summary>
    /// camelCase field names, ids as <c>_id</c>, and DateTimeOffset as fixed-width UTC strings that keep every tick and
    /// sort as the instants do (<see cref="UtcTimestampSerializer"/>; the BSON date type keeps only milliseconds).
    /// </summary>
    private static void RegisterMappings()
    {
        lock (MappingLock)
        {
            if (_mapped) return;
            ConventionPack pack = [new CamelCaseElementNameConvention(), new IgnoreExtraElementsConvention(true)];
            ConventionRegistry.Register("BadgeIssuer documents", pack, type => type.Namespace == typeof(IssuerDocument).Namespace);
            UtcTimestampSerializer.Register();
            Map<IssuerDocument>(cm => cm.MapIdMember(d => d.Id));
            Map<KeyDocument>(cm => cm.MapIdMember(d => d.Id));
            Map<AchievementDocument>(cm => cm.MapIdMember(d => d.Id));
            Map<AwardDocument>(cm =>
            {
                cm.MapIdMember(d => d.Id);
                cm.GetMemberMap(d => d.CredentialJson).SetIgnoreIfNull(true);
                cm.GetMemberMap(d => d.Jwt).SetIgnoreIfNull(true);
                cm.GetMemberMap(d => d.Outbox).SetIgnoreIfNull(true);
            });
            Map<AuditDocument>(cm => cm.MapIdMember(d => d.Id));
            Map<ClientDocument>(cm =>
            {
                cm.MapIdMember(d => d.Id);
                cm.GetMemberMap(d => d.PreviousKeyHash).SetIgnoreIfNull(true);
            });
            _mapped = true;
        }
    }

    private static void Map<T>(Action<BsonClassMap<T>> id)
    {
        if (BsonClassMap.IsClassMapRegistered(typeof(T))) return;
        BsonClassMap.RegisterClassMap<T>(cm =>
        {
            cm.AutoMap();
            id(cm);
        });
    }
}
