using System.Text.Json;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Batches;
using BadgeIssuer.Core.Ports;
using BadgeIssuer.Storage.Contract;
using BadgeIssuer.Storage.Documents;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace BadgeIssuer.Storage.MongoDb.Tests;

/// <summary>
/// The parts of the MongoDB adapter that need no server: the filters and pipelines as the server receives them, the
/// chunk splitter, the write concern, the stored form of times, and a start-up that keeps retrying an unreachable server.
/// </summary>
public sealed class MongoAdapterUnitTests
{
    /// <summary>A database whose client never connects (the driver connects lazily).</summary>
    private static readonly MongoDatabase Unconnected;

    /// <summary>
    /// Registers the class maps and the time serializer, as the service does, before any test of the class touches BSON:
    /// a class mapped or a serializer looked up before them would stay in the driver's registry.
    /// </summary>
    static MongoAdapterUnitTests() => Unconnected = new("mongodb://127.0.0.1:1", "unconnected", TimeSpan.FromSeconds(7));

    private static BsonDocument Render<T>(FilterDefinition<T> filter) =>
        filter.Render(new RenderArgs<T>(BsonSerializer.LookupSerializer<T>(), BsonSerializer.SerializerRegistry));

    /// <summary>Every condition on <paramref name="field"/> in a rendered filter, whether the driver merged them or kept an <c>$and</c>.</summary>
    private static List<BsonValue> Conditions(BsonDocument filter, string field) =>
    [
        .. filter.Elements.Where(e => e.Name == field).Select(e => e.Value),
        .. filter.Elements.Where(e => e.Name == "$and").SelectMany(e => e.Value.AsBsonArray.SelectMany(c => Conditions(c.AsBsonDocument, field))),
    ];

    [Fact]
    public void Idempotency_key_lookups_state_the_string_type_of_the_partial_unique_indexes()
    {
        foreach (BsonDocument filter in new[]
        {
            Render(MongoQueries.ByIdempotencyKey<AwardDocument>("issuer-1", "key-1")), Render(MongoQueries.ByIdempotencyKey<BatchDocument>("issuer-1", "key-1")),
            Render(MongoQueries.ByIdempotencyKey<SubmissionDocument>("issuer-1", "key-1")), Render(MongoQueries.ByIdempotencyKey<LearnerRecordDocument>("issuer-1", "key-1")),
        })
        {
            List<BsonValue> key = Conditions(filter, "idempotencyKey");
            Assert.Contains(key, c => c == "key-1" || (c is BsonDocument d && d.Contains("$eq") && d["$eq"] == "key-1"));
            Assert.Contains(key, c => c is BsonDocument d && d.Contains("$type") && d["$type"] == (int)BsonType.String);
            Assert.Contains(Conditions(filter, "issuerId"), c => c == "issuer-1");
        }
    }

    [Fact]
    public void A_chunk_s_parts_are_read_by_a_range_of_ids_that_holds_no_other_chunk()
    {
        BsonDocument filter = Render(MongoQueries.ChunkParts("b1", 1));
        string from = filter["_id"]["$gte"].AsString, to = filter["_id"]["$lt"].AsString;
        bool Inside(string id) => string.CompareOrdinal(id, from) >= 0 && string.CompareOrdinal(id, to) < 0;

        Assert.All(new[] { MongoChunkParts.Id("b1", 1, 0), MongoChunkParts.Id("b1", 1, 1), MongoChunkParts.Id("b1", 1, 12) }, id => Assert.True(Inside(id), id));
        Assert.All(new[] { MongoChunkParts.Id("b1", 0, 0), MongoChunkParts.Id("b1", 10, 0), MongoChunkParts.Id("b1", 12, 3), MongoChunkParts.Id("b1", 2, 0), MongoChunkParts.Id("b10", 1, 0) },
            id => Assert.False(Inside(id), id));
        Assert.True(string.CompareOrdinal(MongoChunkParts.Id("b1", 1, 9), MongoChunkParts.Id("b1", 1, 10)) < 0);
    }

    [Fact]
    public void Batch_counts_are_one_aggregation_matching_the_batch_and_grouping_by_outcome()
    {
        PipelineDefinition<BatchResultDocument, BsonDocument> pipeline = MongoQueries.CountsByOutcome("b1");
        List<BsonDocument> stages = [.. pipeline.Render(new RenderArgs<BatchResultDocument>(BsonSerializer.LookupSerializer<BatchResultDocument>(), BsonSerializer.SerializerRegistry)).Documents];

        Assert.Equal(
        [
            BsonDocument.Parse("""{ "$match": { "batchId": "b1" } }"""),
            BsonDocument.Parse("""{ "$group": { "_id": "$outcome", "count": { "$sum": 1 } } }"""),
        ], stages);
    }

    [Fact]
    public void Open_assignment_counts_are_one_aggregation_over_the_issuers_submissions_under_review()
    {
        PipelineDefinition<SubmissionDocument, BsonDocument> pipeline = MongoQueries.OpenAssignmentCounts("i1");
        List<BsonDocument> stages = [.. pipeline.Render(new RenderArgs<SubmissionDocument>(BsonSerializer.LookupSerializer<SubmissionDocument>(), BsonSerializer.SerializerRegistry)).Documents];

        Assert.Equal(
        [
            BsonDocument.Parse("""{ "$match": { "issuerId": "i1", "state": { "$in": ["submitted", "in-review"] } } }"""),
            BsonDocument.Parse("""{ "$unwind": "$openAssessorIds" }"""),
            BsonDocument.Parse("""{ "$group": { "_id": "$openAssessorIds", "count": { "$sum": 1 } } }"""),
        ], stages);
    }

    [Fact]
    public void A_submission_is_stored_with_camel_case_fields_and_its_open_assessors_and_read_back_whole()
    {
        DateTimeOffset at = Samples.Now;
        Core.Assessment.Submission submission = new(Ids.New(), "i1", "a1", new Core.Assessment.Candidate("ada@school.example", "Ada", "Riverside"), Core.Assessment.SubmissionStates.InReview,
            [new Core.Assessment.SubmissionRound(1, at, [new Core.Assessment.SubmissionEvidence(Url: "https://example.org/e")], [new Core.Assessment.CriterionResponse("lesson", "text")],
                [new Core.Assessment.Assignment("x1", at), new Core.Assessment.Assignment("x2", at, TieBreak: true)],
                [new Core.Assessment.Review("r1", "x1", [new Core.Assessment.ReviewResult("lesson", "good", Feedback: "fine")], "ok", true, [], at)])],
            null, "kek-1", "key-1", "fingerprint", "client-1", at, at, 3);

        BsonDocument stored = SubmissionDocument.From(submission).ToBsonDocument();

        Assert.Equal(submission.Id, stored["_id"].AsString);
        Assert.Equal(new BsonArray { "x2" }, stored["openAssessorIds"].AsBsonArray);
        Assert.Equal("in-review", stored["state"].AsString);
        Assert.Equal(JsonSerializer.Serialize(submission), JsonSerializer.Serialize(BsonSerializer.Deserialize<SubmissionDocument>(stored).ToDomain()));
    }

    [Fact]
    public void A_chunk_larger_than_a_bson_document_is_split_into_parts_below_the_limit_and_joined_back()
    {
        string narrative = new('x', 40_000);
        BatchEntry entry = new(new IssueAwardCommand("issuer", "achievement", new Recipient("ada@school.example", null, "Ada"), [], [], narrative, null, null), null);
        BatchChunk chunk = new("batch", 3, [.. Enumerable.Repeat(entry, AwardBatch.ChunkSize)]);
        BatchChunkDocument document = BatchChunkDocument.From(chunk);

        IReadOnlyList<BatchChunkDocument> parts = MongoChunkParts.Split(document);

        Assert.True(document.ToBson().Length > 16 * 1024 * 1024);
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(p.ToBson().Length < 16 * 1024 * 1024, $"{p.Id}: {p.ToBson().Length} bytes"));
        Assert.Equal(["batch.3", "batch.3.0001"], parts.Select(p => p.Id));
        Assert.Equal(document with { Id = "batch.3" }, MongoChunkParts.Join(parts));
        Assert.Equal(JsonSerializer.Serialize(chunk.Entries), JsonSerializer.Serialize(MongoChunkParts.Join(parts)!.ToDomain().Entries));
    }

    [Fact]
    public void A_small_chunk_is_one_document_and_a_split_never_cuts_a_character_in_two()
    {
        BatchChunkDocument small = new("ignored", "batch", 0, "[\"a\"]");
        BatchChunkDocument emoji = new("ignored", "batch", 1, "\"🎓🎓🎓é\"");

        IReadOnlyList<BatchChunkDocument> parts = MongoChunkParts.Split(emoji, maxTextBytes: 5);

        Assert.Equal([small with { Id = "batch.0" }], MongoChunkParts.Split(small));
        Assert.All(parts, p => Assert.False(p.EntriesJson.Length > 0 && char.IsHighSurrogate(p.EntriesJson[^1]), p.EntriesJson));
        Assert.All(parts, p => Assert.True(System.Text.Encoding.UTF8.GetByteCount(p.EntriesJson) <= 5));
        Assert.Equal(emoji.EntriesJson, MongoChunkParts.Join(parts)!.EntriesJson);
        Assert.Null(MongoChunkParts.Join([]));
    }

    [Fact]
    public void Writes_wait_for_a_journaled_majority_for_at_most_the_write_timeout()
    {
        WriteConcern concern = Unconnected.Database.Settings.WriteConcern;

        Assert.Equal(WriteConcern.WValue.Parse("majority"), concern.W);
        Assert.True(concern.Journal);
        Assert.Equal(TimeSpan.FromSeconds(7), concern.WTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MongoDatabase("mongodb://127.0.0.1:1", "x", TimeSpan.Zero));
    }

    [Fact]
    public void Times_are_stored_as_fixed_width_utc_text_whose_order_is_the_order_of_the_instants()
    {
        DateTimeOffset[] times =
        [
            new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.FromHours(2)).AddTicks(5),
            new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1),
            new(2026, 11, 25, 4, 0, 0, TimeSpan.FromHours(-5)),
            new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddMilliseconds(500),
        ];
        AwardDocument award = new("a", "i", "ach", "urn:uuid:1", "r", null, "fingerprint", null, null, times[1], null, 1);

        BsonDocument stored = award.ToBsonDocument();
        string[] texts = [.. times.Select(UtcTimestampSerializer.Text)];

        Assert.Equal("2026-11-25T08:30:00.0000005Z", stored["issuedAt"].AsString);
        Assert.All(texts, t => Assert.Equal(28, t.Length));
        Assert.Equal(times.OrderBy(t => t.UtcTicks).Select(UtcTimestampSerializer.Text), texts.Order(StringComparer.Ordinal));
        Assert.Equal(times[1], BsonSerializer.Deserialize<AwardDocument>(stored).IssuedAt);
        stored["issuedAt"] = "2026-11-25T10:30:00.5+02:00";
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 30, 0, 500, TimeSpan.Zero), BsonSerializer.Deserialize<AwardDocument>(stored).IssuedAt);
    }

    [Fact]
    public async Task An_unreachable_server_keeps_the_store_unready_and_the_start_up_retrying()
    {
        using StorageHost host = StorageHost.Start(services => services.AddMongoDbStorage("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100&connectTimeoutMS=100", "unreachable"));
        MongoStartup startup = host.Get<MongoStartup>();

        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); startup.FailedAttempts < 2; await Task.Delay(50))
            Assert.True(DateTime.UtcNow < deadline, $"{startup.FailedAttempts} attempts failed in 30 s");

        Assert.False(startup.IsReady);
        Assert.False(await host.Get<IStoreHealth>().PingAsync(default));
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(n => MongoStartup.RetryAfter(n).TotalSeconds));
    }
}

/// <summary>The adapter against a server (where <c>BADGEISSUER_TEST_MONGODB</c> is set): plans, sizes and readiness.</summary>
[RequiresEnvironment(MongoFixture.Variable, MongoFixture.SkipReason)]
public sealed class MongoAdapterTests(MongoFixture store) : IClassFixture<MongoFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [StoreFact]
    public async Task Idempotency_key_lookups_are_planned_on_the_partial_unique_indexes()
    {
        foreach ((string collection, BsonDocument filter) in new[]
        {
            ("awards", Rendered<AwardDocument>()), ("batches", Rendered<BatchDocument>()), ("submissions", Rendered<SubmissionDocument>()),
            ("learnerRecords", Rendered<LearnerRecordDocument>()),
        })
        {
            BsonDocument explained = await store.Database.Database.RunCommandAsync<BsonDocument>(new BsonDocument
            {
                { "explain", new BsonDocument { { "find", collection }, { "filter", filter } } },
                { "verbosity", "queryPlanner" },
            });

            Assert.Contains(MongoQueries.IdempotencyKeyIndexName, explained["queryPlanner"]["winningPlan"].ToJson(), StringComparison.Ordinal);
        }

        static BsonDocument Rendered<TDocument>() => MongoQueries.ByIdempotencyKey<TDocument>("issuer-1", "key-1")
            .Render(new RenderArgs<TDocument>(BsonSerializer.LookupSerializer<TDocument>(), BsonSerializer.SerializerRegistry));
    }

    [StoreFact]
    public async Task A_chunk_larger_than_a_bson_document_is_stored_in_parts_and_read_back_whole()
    {
        AwardBatch batch = new(Ids.New(), Ids.New(), null, "fingerprint", AwardBatch.ChunkSize, BatchState.Queued, 0, null, null, Now, null, 1);
        BatchEntry entry = new(new IssueAwardCommand(batch.IssuerId, "achievement", new Recipient("ada@school.example", null, "Ada"), [], [], new string('x', 40_000), null, null), null);
        BatchChunk chunk = new(batch.Id, 0, [.. Enumerable.Repeat(entry, AwardBatch.ChunkSize)]);

        Assert.Equal(WriteOutcome.Written, await store.Batches.InsertAsync(batch, [chunk], default));
        BatchChunk? read = await store.Batches.GetChunkAsync(batch.Id, 0, default);

        Assert.NotNull(read);
        Assert.Equal(JsonSerializer.Serialize(chunk.Entries), JsonSerializer.Serialize(read.Entries));
        Assert.Equal(2, await store.Database.Database.GetCollection<BsonDocument>("batchChunks").CountDocumentsAsync(MongoQueries.ChunkParts(batch.Id, 0).Render(
            new RenderArgs<BatchChunkDocument>(BsonSerializer.LookupSerializer<BatchChunkDocument>(), BsonSerializer.SerializerRegistry))));
        await store.Batches.UpdateAsync(batch with { State = BatchState.Completed, NextIndex = AwardBatch.ChunkSize, Version = 2 }, 1, default);
        Assert.Null(await store.Batches.GetChunkAsync(batch.Id, 0, default));
    }

    [StoreFact]
    public async Task A_reachable_server_makes_the_store_ready_and_healthy()
    {
        Assert.True(await store.Health.PingAsync(default));
        Assert.Equal(WriteConcern.WValue.Parse("majority"), store.Database.Database.Settings.WriteConcern.W);
    }
}
