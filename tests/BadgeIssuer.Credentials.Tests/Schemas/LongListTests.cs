using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Tests.Schemas;

/// <summary>
/// A rejected instance with long lists of objects: the detailed evaluation is given the first items of each list when
/// they already fail, so thousands of broken items cost what sixteen do, and the place reported is the same.
/// </summary>
public sealed class LongListTests
{
    private static JsonObject Credential(int evidence, params int[] broken)
    {
        JsonObject credential = JsonNode.Parse(ObSchemasTests.Minimal)!.AsObject();
        credential["evidence"] = new JsonArray([.. Enumerable.Range(0, evidence).Select(i =>
        {
            JsonObject item = new() { ["id"] = $"https://example.edu/evidence/{i}", ["name"] = $"Lesson plan {i}" };
            if (!broken.Contains(i)) item["type"] = new JsonArray("Evidence");
            return (JsonNode)item;
        })]);
        return credential;
    }

    [Fact]
    public void Five_thousand_broken_items_are_reported_at_the_first_from_the_lists_first_items()
    {
        SchemaValidationResult result = ObSchemas.ValidateAchievementCredential(Credential(5_000, [.. Enumerable.Range(0, 5_000)]));

        Assert.False(result.IsValid);
        Assert.Equal("/evidence/0", result.Violations[0].Pointer);
        Assert.Contains("type is missing", result.Violations[0].Message, StringComparison.Ordinal);
        Assert.All(result.Violations, v => Assert.DoesNotContain($"/evidence/{PinnedSchema.ListPrefix}", v.Pointer, StringComparison.Ordinal));
        Assert.StartsWith("at /evidence/0, type is missing", result.Describe("the credential"), StringComparison.Ordinal);
        Assert.Contains("and at least", result.Describe("the credential"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_instance_broken_past_the_first_items_of_a_list_is_reported_where_it_is()
    {
        SchemaValidationResult result = ObSchemas.ValidateAchievementCredential(Credential(PinnedSchema.ListPrefix + 4, PinnedSchema.ListPrefix + 3));

        Assert.False(result.IsValid);
        Assert.Equal($"/evidence/{PinnedSchema.ListPrefix + 3}", Assert.Single(result.Violations).Pointer);
    }

    [Fact]
    public void A_large_instance_broken_only_far_down_a_list_is_refused_without_saying_where()
    {
        int items = PinnedSchema.MaxDetailedValues / 4;
        SchemaValidationResult result = ObSchemas.ValidateAchievementCredential(Credential(items, items - 1));

        Assert.False(result.IsValid);
        SchemaViolation only = Assert.Single(result.Violations);
        Assert.Equal("", only.Pointer);
        Assert.Contains($"not one of the first {PinnedSchema.ListPrefix} of any list", only.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_lists_of_objects_are_shortened_and_each_kept_item_keeps_its_place()
    {
        JsonObject instance = new()
        {
            ["type"] = new JsonArray([.. Enumerable.Range(0, 40).Select(i => (JsonNode)$"T{i}")]),
            ["items"] = new JsonArray([.. Enumerable.Range(0, 40).Select(i => (JsonNode)new JsonObject { ["n"] = i })]),
            ["mixed"] = new JsonArray([.. Enumerable.Range(0, 40).Select(i => i == 39 ? (JsonNode)"last" : new JsonObject { ["n"] = i })]),
        };

        JsonNode shortened = PinnedSchema.Shortened(instance)!;

        Assert.Equal(40, shortened["type"]!.AsArray().Count);
        Assert.Equal(40, shortened["mixed"]!.AsArray().Count);
        Assert.Equal(Enumerable.Range(0, PinnedSchema.ListPrefix), shortened["items"]!.AsArray().Select(i => i!["n"]!.GetValue<int>()));
        Assert.Null(PinnedSchema.Shortened(new JsonObject { ["items"] = new JsonArray(new JsonObject()) }));
    }
}
