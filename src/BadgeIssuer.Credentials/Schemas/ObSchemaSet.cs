// OB 3.0 and CLR 2.0 JSON Schemas (draft 2019-09), pinned in schemas/json and embedded; BRIEF §13 lists their quirks.
using System.Text.Json.Nodes;

namespace BadgeIssuer.Credentials.Schemas;

/// <summary>
/// The pinned OB 3.0 and CLR 2.0 JSON Schemas, each built once when the set is created (<see cref="PinnedSchema"/>: a compiled
/// validator and JsonSchema.Net 8, which builds a schema fully before it is evaluated), so every evaluation reads
/// immutable state and many threads can evaluate at once. <see cref="ObSchemas"/> holds the set the process uses; a
/// test can create a fresh one.
/// </summary>
public sealed class ObSchemaSet
{
    private const string StatusDefinition = "#/$defs/CredentialStatus";
    private readonly PinnedSchema achievementCredential;
    private readonly PinnedSchema[] withStatusSet;
    private readonly PinnedSchema endorsementCredential;
    private readonly PinnedSchema profile;
    private readonly PinnedSchema clrCredential;

    /// <summary>Reads the embedded schemas and builds them, and the status-set variants of the AchievementCredential schema.</summary>
    public ObSchemaSet()
    {
        JsonObject achievement = Read(ObSchemas.AchievementCredentialResource);
        achievementCredential = Build(achievement);
        withStatusSet = [WithStatusSet(achievement, minimumEntries: 1, ["properties"]), WithStatusSet(achievement, minimumEntries: 2, ["properties"])];
        endorsementCredential = Build(Read(ObSchemas.EndorsementCredentialResource));
        profile = Build(Read(ObSchemas.ProfileResource));
        clrCredential = WithStatusSet(Read(ObSchemas.ClrCredentialResource), minimumEntries: 1, ["properties"], ["$defs", "VerifiableCredential", "properties"]);
    }

    /// <summary>The canonical AchievementCredential schema.</summary>
    public PinnedSchema AchievementCredential => achievementCredential;

    /// <summary>The EndorsementCredential schema.</summary>
    public PinnedSchema EndorsementCredential => endorsementCredential;

    /// <summary>The Profile schema.</summary>
    public PinnedSchema Profile => profile;

    /// <summary>
    /// The CLR 2.0 ClrCredential schema with <c>credentialStatus</c> read as one CredentialStatus or a set of them, both on
    /// the record and on each credential in it (<c>$defs/VerifiableCredential</c>): the badges a record carries hold a
    /// revocation and a suspension entry.
    /// </summary>
    public PinnedSchema ClrCredential => clrCredential;

    /// <summary>
    /// The AchievementCredential schema with <c>credentialStatus</c> read as one CredentialStatus object or an array of
    /// at least <paramref name="minimumEntries"/> (1 or 2) of them, each checked against the schema's CredentialStatus.
    /// </summary>
    public PinnedSchema AchievementCredentialWithStatusSet(int minimumEntries) => minimumEntries is 1 or 2
        ? withStatusSet[minimumEntries - 1]
        : throw new ArgumentOutOfRangeException(nameof(minimumEntries), minimumEntries, "A status set has at least one or at least two entries.");

    /// <summary>
    /// VC 2.0 §4.10 allows a set of status entries where OB 3.0 and CLR 2.0 list one object (1EdTech
    /// openbadges-specification#623 proposes sets for OB 3.1): the copy keeps every other rule and, in each
    /// <paramref name="propertiesAt"/> (the path of a <c>properties</c> object), accepts an array whose every entry is a
    /// CredentialStatus. A credential whose status is one object, or that has none, reads the same as in the canonical schema.
    /// </summary>
    private static PinnedSchema WithStatusSet(JsonObject canonical, int minimumEntries, params string[][] propertiesAt)
    {
        JsonObject schema = (JsonObject)canonical.DeepClone();
        foreach (string[] path in propertiesAt)
            path.Aggregate((JsonNode)schema, (node, name) => node[name]!)["credentialStatus"] = new JsonObject
            {
                ["if"] = new JsonObject { ["type"] = "array" },
                ["then"] = new JsonObject { ["minItems"] = minimumEntries, ["items"] = new JsonObject { ["$ref"] = StatusDefinition } },
                ["else"] = new JsonObject { ["$ref"] = StatusDefinition },
            };
        return Build(schema);
    }

    private static PinnedSchema Build(JsonObject schema) => new(schema);

    private static JsonObject Read(string resource)
    {
        using Stream stream = typeof(ObSchemaSet).Assembly.GetManifestResourceStream("schemas/" + resource)
            ?? throw new InvalidOperationException($"The pinned schema {resource} is not embedded.");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
