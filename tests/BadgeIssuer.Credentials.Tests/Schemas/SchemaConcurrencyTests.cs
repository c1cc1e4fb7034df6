using System.Text.Json.Nodes;
using BadgeIssuer.Credentials.Schemas;

namespace BadgeIssuer.Credentials.Tests.Schemas;

/// <summary>
/// Issue 12: a request got a 500 ("Encountered circular reference") while several requests populated a shared schema's
/// constraints at once. A fresh <see cref="ObSchemaSet"/> is evaluated first by many threads at once here.
/// </summary>
public sealed class SchemaConcurrencyTests
{
    private const int Callers = 32;

    private static IReadOnlyList<JsonObject> Instances()
    {
        List<JsonObject> instances = [];
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Vendor", "ob3-examples"), "*.json").Order(StringComparer.Ordinal))
        {
            if (JsonNode.Parse(File.ReadAllText(file)) is not JsonObject credential || credential["credentialSubject"] is null) continue;
            instances.Add(credential);
            JsonObject broken = (JsonObject)credential.DeepClone();
            broken.Remove("validFrom");
            broken["credentialStatus"] = new JsonArray(new JsonObject { ["type"] = "BitstringStatusListEntry" }, 42);
            instances.Add(broken);
        }
        return instances;
    }

    private static string[] Answers(ObSchemaSet set, IReadOnlyList<JsonObject> instances)
    {
        PinnedSchema[] schemas = [set.AchievementCredential, set.AchievementCredentialWithStatusSet(1), set.AchievementCredentialWithStatusSet(2), set.EndorsementCredential];
        List<string> answers = [];
        foreach (JsonObject instance in instances)
        {
            foreach (PinnedSchema schema in schemas) answers.Add(Describe(schema.Validate(instance)));
            if (instance["issuer"] is JsonObject issuer) answers.Add(Describe(set.Profile.Validate(issuer)));
        }
        return [.. answers];
    }

    private static string Describe(SchemaValidationResult result) => $"{result.IsValid}: {string.Join(" | ", result.Violations)}";

    [Fact]
    public async Task A_fresh_schema_set_evaluated_first_by_32_threads_at_once_answers_as_one_thread_does()
    {
        IReadOnlyList<JsonObject> instances = Instances();
        string[] expected = Answers(new ObSchemaSet(), instances);
        ObSchemaSet fresh = new();
        using Barrier start = new(Callers);

        Task<string[]>[] callers = [.. Enumerable.Range(0, Callers).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(60));
            return Answers(fresh, instances);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))];
        string[][] answers = await Task.WhenAll(callers);

        Assert.Contains(expected, a => a.StartsWith("True", StringComparison.Ordinal));
        Assert.Contains(expected, a => a.StartsWith("False", StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Equal(expected, a));
    }
}
