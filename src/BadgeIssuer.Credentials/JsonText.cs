using System.Text.Json.Nodes;

namespace BadgeIssuer.Credentials;

/// <summary>Reading string values of credentials and the documents around them.</summary>
public static class JsonText
{
    /// <summary>The node's string value, or <c>null</c> when it is not a JSON string.</summary>
    public static string? Of(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
