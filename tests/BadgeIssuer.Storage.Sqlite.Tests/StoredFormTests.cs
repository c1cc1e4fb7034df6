using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Storage.Contract;
using Microsoft.Data.Sqlite;

namespace BadgeIssuer.Storage.Sqlite.Tests;

/// <summary>
/// The stored documents keep the field names earlier versions wrote, whatever the domain records look like, so a
/// database written before still reads and one written now still reads in an older version.
/// </summary>
public sealed class StoredFormTests(SqliteFixture store) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task An_achievement_is_stored_under_the_field_names_earlier_versions_wrote()
    {
        Achievement achievement = Samples.Achievement(Core.Ids.New()) with { ValidForDays = 30, Pathway = new Pathway(["a", "b"], 1, 2.5) };
        await store.Achievements.InsertAsync(achievement, default);

        JsonObject doc = Document("achievements", achievement.Id);

        Assert.Equal(
            ["achievementType", "alignments", "createdAt", "creditsAvailable", "criteriaNarrative", "criteriaUrl", "description", "fieldOfStudy", "humanCode",
             "id", "imageCaption", "imageId", "issuerId", "minimumEvidence", "minimumResultsMet", "name", "pathwayMinimumCredits", "pathwayMinimumRequired",
             "pathwayRequires", "requiredResults", "resultDescriptions", "tags", "updatedAt", "validForDays", "version"],
            [.. doc.Select(p => p.Key).Order(StringComparer.Ordinal)]);
        Assert.Equal(["allowedValues", "key", "levels", "name", "resultType", "valueMax", "valueMin"], [.. doc["resultDescriptions"]![0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)]);
        Assert.Equal(["minimumValue", "resultDescription"], [.. doc["requiredResults"]![0]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)]);
    }

    [Fact]
    public async Task An_achievement_written_by_an_earlier_version_reads_back_with_every_field()
    {
        string id = Core.Ids.New();
        Insert("INSERT INTO achievements (id, issuer_id, version, doc) VALUES ($id, 'issuer-1', 2, $doc)", id,
            """
            {"achievementType":"MicroCredential","alignments":[{"targetName":"T","targetUrl":"https://t.example","targetType":"ceasn:Competency"}],
             "createdAt":"2026-11-25T09:00:00.1234567+00:00","creditsAvailable":1.5,"criteriaNarrative":"Do it.","criteriaUrl":"https://c.example",
             "description":"D","fieldOfStudy":"Education","humanCode":"H-1","id":"ID","imageCaption":"caption","imageId":"https://i.example/b.png",
             "issuerId":"issuer-1","minimumEvidence":1,"minimumResultsMet":1,"name":"Stacked","pathwayMinimumCredits":2.5,"pathwayMinimumRequired":1,
             "pathwayRequires":["a","b"],"requiredResults":[{"requiredStatus":"Completed","resultDescription":"r"}],
             "resultDescriptions":[{"allowedValues":["x","y"],"key":"r","levels":[{"key":"a","level":"1","name":"A","points":"2.0"}],"name":"R","resultType":"RubricCriterion","valueMin":"0"}],
             "tags":["t"],"updatedAt":"2026-11-26T09:00:00+00:00","validForDays":30,"version":2}
            """.Replace("\"ID\"", $"\"{id}\"", StringComparison.Ordinal));

        Achievement read = (await store.Achievements.GetAsync("issuer-1", id, default))!;

        Assert.Equal(new Criteria("Do it.", "https://c.example"), read.Criteria);
        Assert.Equal(new AchievementImage("https://i.example/b.png", "caption"), read.Image);
        Assert.Equal(new Alignment("T", "https://t.example", TargetType: "ceasn:Competency"), Assert.Single(read.Alignments));
        Assert.Equal(["t"], read.Tags);
        Assert.Equal((1.5, "Education", "H-1", 30, 2L), (read.CreditsAvailable!.Value, read.FieldOfStudy, read.HumanCode, read.ValidForDays!.Value, read.Version));
        ResultDescription description = Assert.Single(read.ResultDescriptions);
        Assert.Equal(["x", "y"], description.AllowedValues);
        Assert.Equal(new RubricCriterionLevel("a", "A", null, "1", "2.0"), Assert.Single(description.RubricCriterionLevels));
        Assert.Equal(("0", (string?)null), (description.ValueMin, description.ValueMax));
        Assert.Equal(new RequiredResult("r", RequiredStatus: "Completed"), Assert.Single(read.Rules.RequiredResults));
        Assert.Equal((1, 1), (read.Rules.MinimumResultsMet!.Value, read.Rules.MinimumEvidence));
        Assert.Equal(["a", "b"], read.Pathway!.Requires);
        Assert.Equal((1, 2.5), (read.Pathway.MinimumRequired!.Value, read.Pathway.MinimumCredits!.Value));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1234567), read.CreatedAt);
    }

    [Fact]
    public async Task An_issuer_is_stored_and_read_under_the_field_names_earlier_versions_wrote()
    {
        Issuer issuer = Samples.Issuer();
        await store.Issuers.InsertAsync(issuer, default);
        Assert.Equal(["createdAt", "description", "email", "id", "image", "name", "updatedAt", "url", "version"],
            [.. Document("issuers", issuer.Id).Select(p => p.Key).Order(StringComparer.Ordinal)]);

        string id = Core.Ids.New();
        Insert("INSERT INTO issuers (id, version, doc) VALUES ($id, 3, $doc)", id,
            $$"""{"createdAt":"2026-11-25T09:00:00+00:00","email":"x@y.example","id":"{{id}}","name":"Renamed","updatedAt":"2026-11-26T09:00:00+00:00","version":3}""");
        Issuer read = (await store.Issuers.GetAsync(id, default))!;
        Assert.Equal(("Renamed", (string?)null, "x@y.example", (string?)null, (string?)null, 3L), (read.Name, read.Url, read.Email, read.Description, read.Image, read.Version));
    }

    private JsonObject Document(string table, string id)
    {
        using SqliteConnection connection = new($"Data Source={store.Database.FilePath}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT doc FROM {table} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return JsonNode.Parse((string)command.ExecuteScalar()!)!.AsObject();
    }

    private void Insert(string sql, string id, string doc)
    {
        using SqliteConnection connection = new($"Data Source={store.Database.FilePath}");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$doc", doc);
        command.ExecuteNonQuery();
    }
}
