using System.Text.Json.Nodes;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Configuration;
using BadgeIssuer.Core.Issuers;

namespace BadgeIssuer.Core.Issuing;

/// <summary>
/// The OB 3.0 JSON of what this service publishes: issuer Profiles and Achievements, with public URL ids.
/// Result descriptions and rubric levels get fragment ids under their achievement's URL.
/// </summary>
public sealed class ObDocuments(PublicUrls urls)
{
    /// <summary>The issuer's OB 3.0 Profile; its <c>id</c> is the URL it is served at; other issuers' endorsements of it in <c>endorsement</c>.</summary>
    public JsonObject Profile(Issuer issuer)
    {
        JsonObject profile = ProfileReference(issuer);
        AddEndorsements(profile, issuer.Endorsements);
        return profile;
    }

    /// <summary>The issuer's Profile without its endorsements: how an endorsement names its endorser, so endorsements never nest.</summary>
    public JsonObject ProfileReference(Issuer issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        JsonObject profile = new()
        {
            ["id"] = urls.Issuer(issuer.Id),
            ["type"] = new JsonArray("Profile"),
            ["name"] = issuer.Name,
        };
        AddIfSet(profile, "url", issuer.Url);
        AddIfSet(profile, "email", issuer.Email);
        AddIfSet(profile, "description", issuer.Description);
        if (issuer.Image is not null) profile["image"] = new JsonObject { ["id"] = issuer.Image, ["type"] = "Image" };
        return profile;
    }

    /// <summary>The OB 3.0 Achievement, with <c>requiredLevel</c>/<c>requiredValue</c> derived from the criteria rules.</summary>
    public JsonObject Achievement(Achievement achievement, Issuer issuer)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        ArgumentNullException.ThrowIfNull(issuer);
        string id = urls.Achievement(achievement.IssuerId, achievement.Id);
        JsonObject criteria = [];
        AddIfSet(criteria, "id", achievement.Criteria.Id);
        AddIfSet(criteria, "narrative", achievement.Criteria.Narrative);
        JsonObject json = new()
        {
            ["id"] = id,
            ["type"] = new JsonArray("Achievement"),
            ["name"] = achievement.Name,
            ["description"] = achievement.Description,
            ["criteria"] = criteria,
            ["creator"] = new JsonObject { ["id"] = urls.Issuer(issuer.Id), ["type"] = new JsonArray("Profile"), ["name"] = issuer.Name },
        };
        AddIfSet(json, "achievementType", achievement.AchievementType);
        if (achievement.Image is { } image)
        {
            JsonObject imageJson = new() { ["id"] = image.Id, ["type"] = "Image" };
            AddIfSet(imageJson, "caption", image.Caption);
            json["image"] = imageJson;
        }
        if (achievement.Alignments.Count > 0) json["alignment"] = new JsonArray([.. achievement.Alignments.Select(Alignment)]);
        if (achievement.Tags.Count > 0) json["tag"] = new JsonArray([.. achievement.Tags.Select(t => (JsonNode)t)]);
        if (achievement.CreditsAvailable is { } credits) json["creditsAvailable"] = credits;
        AddIfSet(json, "fieldOfStudy", achievement.FieldOfStudy);
        AddIfSet(json, "humanCode", achievement.HumanCode);
        if (achievement.ResultDescriptions.Count > 0)
            json["resultDescription"] = new JsonArray([.. achievement.ResultDescriptions.Select(d => ResultDescription(achievement, d))]);
        AddEndorsements(json, achievement.Endorsements);
        return json;
    }

    /// <summary>OB 3.0 <c>endorsement</c> (Achievement, Profile): the signed EndorsementCredentials, embedded as they were signed.</summary>
    private static void AddEndorsements(JsonObject target, IReadOnlyList<Endorsements.Endorsement> endorsements)
    {
        if (endorsements.Count > 0) target["endorsement"] = new JsonArray([.. endorsements.Select(e => JsonNode.Parse(e.CredentialJson))]);
    }

    /// <summary>The id of a result description: a fragment of the achievement's URL.</summary>
    public string ResultDescriptionId(Achievement achievement, string key) => $"{AchievementUrl(achievement)}#result-{key}";

    /// <summary>The id of a rubric level of a result description.</summary>
    public string LevelId(Achievement achievement, string resultKey, string levelKey) => $"{AchievementUrl(achievement)}#result-{resultKey}-level-{levelKey}";

    private string AchievementUrl(Achievement achievement) => urls.Achievement(achievement.IssuerId, achievement.Id);

    /// <summary>An OB 3.0 Result for a submitted result.</summary>
    public JsonObject Result(Achievement achievement, SubmittedResult result)
    {
        ArgumentNullException.ThrowIfNull(achievement);
        ArgumentNullException.ThrowIfNull(result);
        JsonObject json = new()
        {
            ["type"] = new JsonArray("Result"),
            ["resultDescription"] = ResultDescriptionId(achievement, result.ResultDescription),
        };
        if (result.AchievedLevel is not null) json["achievedLevel"] = LevelId(achievement, result.ResultDescription, result.AchievedLevel);
        AddIfSet(json, "value", result.Value);
        AddIfSet(json, "status", result.Status);
        return json;
    }

    private JsonObject ResultDescription(Achievement achievement, ResultDescription d)
    {
        JsonObject json = new()
        {
            ["id"] = ResultDescriptionId(achievement, d.Key),
            ["type"] = new JsonArray("ResultDescription"),
            ["name"] = d.Name,
            ["resultType"] = d.ResultType,
        };
        if (d.AllowedValues.Count > 0) json["allowedValue"] = new JsonArray([.. d.AllowedValues.Select(v => (JsonNode)v)]);
        if (d.RubricCriterionLevels.Count > 0)
            json["rubricCriterionLevel"] = new JsonArray([.. d.RubricCriterionLevels.Select(l => Level(achievement, d, l))]);
        foreach (RequiredResult rule in achievement.Rules.RequiredResults)
        {
            if (!string.Equals(rule.ResultDescription, d.Key, StringComparison.Ordinal)) continue;
            if (rule.MinimumLevel is not null) json["requiredLevel"] = LevelId(achievement, d.Key, rule.MinimumLevel);
            AddIfSet(json, "requiredValue", rule.MinimumValue);
        }
        AddIfSet(json, "valueMin", d.ValueMin);
        AddIfSet(json, "valueMax", d.ValueMax);
        return json;
    }

    private JsonObject Level(Achievement achievement, ResultDescription d, RubricCriterionLevel level)
    {
        JsonObject json = new()
        {
            ["id"] = LevelId(achievement, d.Key, level.Key),
            ["type"] = new JsonArray("RubricCriterionLevel"),
            ["name"] = level.Name,
        };
        AddIfSet(json, "description", level.Description);
        AddIfSet(json, "level", level.Level);
        AddIfSet(json, "points", level.Points);
        return json;
    }

    private static JsonObject Alignment(Alignment a)
    {
        JsonObject json = new()
        {
            ["type"] = new JsonArray("Alignment"),
            ["targetName"] = a.TargetName,
            ["targetUrl"] = a.TargetUrl,
        };
        AddIfSet(json, "targetCode", a.TargetCode);
        AddIfSet(json, "targetDescription", a.TargetDescription);
        AddIfSet(json, "targetFramework", a.TargetFramework);
        AddIfSet(json, "targetType", a.TargetType);
        return json;
    }

    private static void AddIfSet(JsonObject target, string name, string? value)
    {
        if (value is not null) target[name] = value;
    }
}
