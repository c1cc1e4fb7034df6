using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Keys;
using BadgeIssuer.Core.Outbox;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Issuers in MongoDB.</summary>
public sealed class MongoIssuerStore(MongoDatabase db) : IIssuerStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(Issuer issuer, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.Issuers, IssuerDocument.From(issuer), cancellationToken);

    /// <inheritdoc />
    public async Task<Issuer?> GetAsync(string issuerId, CancellationToken cancellationToken) =>
        (await db.Issuers.Find(d => d.Id == issuerId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Issuer issuer, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return MongoDatabase.ReplaceAsync(db.Issuers, issuer.Id, expectedVersion, IssuerDocument.From(issuer), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Page<Issuer>> ListAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        MongoDatabase.PageAsync(db.Issuers, Builders<IssuerDocument>.Filter.Empty, cursor, limit, d => d.Id, d => d.ToDomain(), cancellationToken);
}

/// <summary>Signing keys in MongoDB (private keys arrive sealed).</summary>
public sealed class MongoKeyStore(MongoDatabase db) : IKeyStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(SigningKey key, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.Keys, KeyDocument.From(key), cancellationToken);

    /// <inheritdoc />
    public async Task<SigningKey?> GetAsync(string keyId, CancellationToken cancellationToken) =>
        (await db.Keys.Find(d => d.Id == keyId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<IReadOnlyList<SigningKey>> ListByIssuerAsync(string issuerId, CancellationToken cancellationToken) =>
        [.. (await db.Keys.Find(d => d.IssuerId == issuerId).SortBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken)).Select(d => d.ToDomain())];

    /// <inheritdoc />
    public Task<Page<SigningKey>> ListAllAsync(string? cursor, int limit, CancellationToken cancellationToken) =>
        MongoDatabase.PageAsync(db.Keys, Builders<KeyDocument>.Filter.Empty, cursor, limit, d => d.Id, d => d.ToDomain(), cancellationToken);

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(SigningKey key, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return MongoDatabase.ReplaceAsync(db.Keys, key.Id, expectedVersion, KeyDocument.From(key), cancellationToken);
    }
}

/// <summary>Achievements in MongoDB.</summary>
public sealed class MongoAchievementStore(MongoDatabase db) : IAchievementStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(Achievement achievement, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.Achievements, AchievementDocument.From(achievement), cancellationToken);

    /// <inheritdoc />
    public async Task<Achievement?> GetAsync(string issuerId, string achievementId, CancellationToken cancellationToken) =>
        (await db.Achievements.Find(d => d.Id == achievementId && d.IssuerId == issuerId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<Achievement?> FindAsync(string achievementId, CancellationToken cancellationToken) =>
        (await db.Achievements.Find(d => d.Id == achievementId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<WriteOutcome> UpdateAsync(Achievement achievement, long expectedVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        return MongoDatabase.ReplaceAsync(db.Achievements, achievement.Id, expectedVersion, AchievementDocument.From(achievement), cancellationToken);
    }

    /// <inheritdoc />
    public Task<Page<Achievement>> ListByIssuerAsync(string issuerId, string? cursor, int limit, CancellationToken cancellationToken) =>
        MongoDatabase.PageAsync(db.Achievements, Builders<AchievementDocument>.Filter.Eq(d => d.IssuerId, issuerId), cursor, limit, d => d.Id, d => d.ToDomain(), cancellationToken);
}

/// <summary>
/// Awards in MongoDB: one InsertOne each, unique on _id, credentialId and (issuerId, idempotencyKey). An award's outbox
/// events are kept in its own document (<see cref="MongoOutbox"/>), written by the same single-document operation.
/// </summary>
public sealed class MongoAwardStore(MongoDatabase db) : IAwardStore
{
    /// <inheritdoc />
    public async Task<AwardInsertOutcome> InsertAsync(Award award, OutboxEvent? outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        AwardDocument document = AwardDocument.From(award) with { Outbox = outboxEvent is null ? null : [OutboxEventDocument.From(outboxEvent)] };
        if (await MongoDatabase.InsertAsync(db.Awards, document, cancellationToken) == WriteOutcome.Written) return AwardInsertOutcome.Inserted;
        if (award.IdempotencyKey is not null && await FindByIdempotencyKeyAsync(award.IssuerId, award.IdempotencyKey, cancellationToken) is { } existing)
            return new AwardInsertOutcome(AwardInsertKind.DuplicateIdempotencyKey, existing);
        return new AwardInsertOutcome(AwardInsertKind.DuplicateId, null);
    }

    /// <inheritdoc />
    public async Task<Award?> GetAsync(string awardId, CancellationToken cancellationToken) =>
        (await db.Awards.Find(d => d.Id == awardId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<AwardHead?> GetHeadAsync(string awardId, CancellationToken cancellationToken) =>
        await db.Awards.Find(d => d.Id == awardId).Project(d => new AwardHead(d.Id, d.IssuerId, d.Version)).FirstOrDefaultAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<AwardStanding>> GetStandingsAsync(IReadOnlyCollection<string> awardIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(awardIds);
        List<StandingFields> rows = await db.Awards.Find(Builders<AwardDocument>.Filter.In(d => d.Id, awardIds))
            .Project(d => new StandingFields(d.Id, d.IssuerId, d.ValidUntil, d.RevokedAt, d.RevocationReason, d.SupersededBy, d.SuspendedAt, d.SuspensionReason))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(d => AwardDocument.Standing(d.Id, d.IssuerId, d.ValidUntil, d.RevokedAt, d.RevocationReason, d.SupersededBy, d.SuspendedAt, d.SuspensionReason))];
    }

    /// <summary>The fields of an award document its standing is made of: the projection <see cref="GetStandingsAsync"/> reads.</summary>
    private sealed record StandingFields(string Id, string IssuerId, DateTimeOffset? ValidUntil, DateTimeOffset? RevokedAt, string? RevocationReason,
        string? SupersededBy, DateTimeOffset? SuspendedAt, string? SuspensionReason);

    /// <inheritdoc />
    public async Task<Award?> FindByClaimTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        (await db.Awards.Find(d => d.ClaimTokenHash == tokenHash).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<Award?> FindByIdempotencyKeyAsync(string issuerId, string idempotencyKey, CancellationToken cancellationToken) =>
        (await MongoDatabase.Fresh(db.Awards).Find(MongoQueries.ByIdempotencyKey<AwardDocument>(issuerId, idempotencyKey)).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <summary>
    /// Sets every field of the award (not replacing the document, whose pending outbox events stay) and pushes
    /// <paramref name="outboxEvent"/> onto them, in one updateOne conditional on the version.
    /// </summary>
    public async Task<WriteOutcome> UpdateAsync(Award award, long expectedVersion, OutboxEvent? outboxEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(award);
        BsonDocument fields = AwardDocument.From(award).ToBsonDocument();
        fields.Remove("_id");
        BsonDocument update = new()
        {
            { "$set", fields },
            // Awards stored before the credential was compressed keep it in these two fields; Content replaces them.
            { "$unset", new BsonDocument { { "credentialJson", "" }, { "jwt", "" } } },
        };
        if (outboxEvent is not null) update.Add("$push", new BsonDocument(MongoOutbox.Field, OutboxEventDocument.From(outboxEvent).ToBsonDocument()));
        FilterDefinition<AwardDocument> filter = Builders<AwardDocument>.Filter.Eq(d => d.Id, award.Id) & Builders<AwardDocument>.Filter.Eq(d => d.Version, expectedVersion);
        if ((await db.Awards.UpdateOneAsync(filter, update, cancellationToken: cancellationToken)).MatchedCount == 1) return WriteOutcome.Written;
        return await db.Awards.CountDocumentsAsync(d => d.Id == award.Id, cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <inheritdoc />
    public async Task<Page<Award>> FindAsync(AwardQuery query, string? cursor, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        FilterDefinitionBuilder<AwardDocument> f = Builders<AwardDocument>.Filter;
        FilterDefinition<AwardDocument> filter = f.Eq(d => d.IssuerId, query.IssuerId);
        if (query.AchievementId is { } achievement) filter &= f.Eq(d => d.AchievementId, achievement);
        if (query.RecipientKey is { } recipient) filter &= f.Eq(d => d.RecipientKey, recipient);
        if (query.IssuedFrom is { } from) filter &= f.Gte(d => d.IssuedAt, from);
        if (query.IssuedUntil is { } until) filter &= f.Lt(d => d.IssuedAt, until);
        if (TimeCursor.TryParse(cursor, out DateTimeOffset afterTime, out string afterId))
            filter &= f.Gt(d => d.IssuedAt, afterTime) | (f.Eq(d => d.IssuedAt, afterTime) & f.Gt(d => d.Id, afterId));
        List<AwardDocument> rows = await db.Awards.Find(filter).SortBy(d => d.IssuedAt).ThenBy(d => d.Id).Limit(limit + 1).ToListAsync(cancellationToken);
        List<Award> page = [.. rows.Take(limit).Select(d => d.ToDomain())];
        return new Page<Award>(page, rows.Count > limit ? TimeCursor.After(page[^1].IssuedAt, page[^1].Id) : null);
    }
}

/// <summary>API clients in MongoDB, found by the SHA-256 of their key.</summary>
public sealed class MongoClientStore(MongoDatabase db) : IClientStore
{
    /// <inheritdoc />
    public Task<WriteOutcome> InsertAsync(ApiClient client, CancellationToken cancellationToken) =>
        MongoDatabase.InsertAsync(db.Clients, ClientDocument.From(client), cancellationToken);

    /// <inheritdoc />
    public async Task<ApiClient?> FindByKeyHashAsync(string keyHash, CancellationToken cancellationToken) =>
        (await db.Clients.Find(d => d.KeyHash == keyHash || d.PreviousKeyHash == keyHash).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public async Task<ApiClient?> GetAsync(string clientId, CancellationToken cancellationToken) =>
        (await db.Clients.Find(d => d.Id == clientId).FirstOrDefaultAsync(cancellationToken))?.ToDomain();

    /// <inheritdoc />
    public Task<Page<ApiClient>> ListAsync(string? issuerId, string? cursor, int limit, CancellationToken cancellationToken) =>
        MongoDatabase.PageAsync(db.Clients, issuerId is null ? Builders<ClientDocument>.Filter.Empty : Builders<ClientDocument>.Filter.Eq(d => d.IssuerId, issuerId),
            cursor, limit, d => d.Id, d => d.ToDomain(), cancellationToken);

    /// <inheritdoc />
    public async Task<WriteOutcome> UpdateAsync(ApiClient client, string expectedKeyHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        UpdateDefinitionBuilder<ClientDocument> u = Builders<ClientDocument>.Update;
        UpdateDefinition<ClientDocument> update = u.Combine(
            u.Set(d => d.Name, client.Name),
            u.Set(d => d.KeyHash, client.KeyHash),
            client.PreviousKeyHash is null ? u.Unset(d => d.PreviousKeyHash) : u.Set(d => d.PreviousKeyHash, client.PreviousKeyHash),
            u.Set(d => d.PreviousKeyValidUntil, client.PreviousKeyValidUntil),
            u.Set(d => d.ExpiresAt, client.ExpiresAt),
            u.Set(d => d.RevokedAt, client.RevokedAt));
        try
        {
            UpdateResult result = await db.Clients.UpdateOneAsync(d => d.Id == client.Id && d.KeyHash == expectedKeyHash, update, cancellationToken: cancellationToken);
            if (result.MatchedCount == 1) return WriteOutcome.Written;
        }
        catch (MongoWriteException ex) when (ex.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            return WriteOutcome.Conflict;
        }
        return await MongoDatabase.Fresh(db.Clients).CountDocumentsAsync(d => d.Id == client.Id, cancellationToken: cancellationToken) > 0 ? WriteOutcome.Conflict : WriteOutcome.NotFound;
    }

    /// <inheritdoc />
    public async Task<bool> RecordUseAsync(string clientId, DateTimeOffset? seenLastUsedAt, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        UpdateResult result = await db.Clients.UpdateOneAsync(d => d.Id == clientId && d.LastUsedAt == seenLastUsedAt,
            Builders<ClientDocument>.Update.Set(d => d.LastUsedAt, usedAt), cancellationToken: cancellationToken);
        return result.ModifiedCount == 1;
    }
}

/// <summary>Reachability of MongoDB: unreachable until <see cref="MongoStartup"/> has made the indexes, then a <c>ping</c> command.</summary>
public sealed class MongoHealth(MongoDatabase db, MongoStartup startup) : IStoreHealth
{
    /// <inheritdoc />
    public string Name => "mongodb";

    /// <inheritdoc />
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        if (!startup.IsReady) return false;
        try
        {
            BsonDocument reply = await db.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);
            return reply.TryGetValue("ok", out BsonValue ok) && ok.ToDouble() >= 1;
        }
        catch (MongoException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
