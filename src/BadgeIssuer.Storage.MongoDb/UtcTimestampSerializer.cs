// Every DateTimeOffset is stored as a string of fixed width in UTC, ISO 8601 with 7 fractional digits
// ("2026-11-25T09:00:00.0000000Z", the form SQLite's columns hold), so the order of the strings is the order of the
// instants and the stores' range filters, sorts and compare-and-set equalities on times are right whatever offset a
// value came with. A BSON date would keep milliseconds only; the driver's own string form keeps the offset and drops
// trailing zeros, so two instants could compare in the wrong order, or the same instant compare unequal.
using System.Globalization;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;

namespace BadgeIssuer.Storage.MongoDb;

/// <summary>Stores a <see cref="DateTimeOffset"/> as fixed-width UTC text; reads that text and the older offset-bearing strings.</summary>
public sealed class UtcTimestampSerializer : StructSerializerBase<DateTimeOffset>
{
    /// <summary>The one instance that is registered.</summary>
    public static readonly UtcTimestampSerializer Instance = new();

    /// <summary>The stored text of <paramref name="value"/>.</summary>
    public static string Text(DateTimeOffset value) => value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override void Serialize(BsonSerializationContext context, BsonSerializationArgs args, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Writer.WriteString(Text(value));
    }

    /// <inheritdoc />
    public override DateTimeOffset Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args)
    {
        ArgumentNullException.ThrowIfNull(context);
        IBsonReader reader = context.Reader;
        if (reader.GetCurrentBsonType() != BsonType.String)
            throw new FormatException($"A stored time must be an ISO 8601 string; found BSON {reader.GetCurrentBsonType()}.");
        string text = reader.ReadString();
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
    }

    /// <summary>
    /// Registers this serializer for <see cref="DateTimeOffset"/>, and checks that it is the one in force (also under
    /// <see cref="Nullable{T}"/>): a serializer registered or looked up earlier by other code would otherwise win
    /// silently and store times in another form, so that throws instead.
    /// </summary>
    public static void Register()
    {
        BsonSerializer.TryRegisterSerializer(Instance);
        DateTimeOffset probe = new(2000, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        string expected = Text(probe);
        foreach (Type type in new[] { typeof(DateTimeOffset), typeof(DateTimeOffset?) })
        {
            BsonDocument written = [];
            using (BsonDocumentWriter writer = new(written))
            {
                writer.WriteStartDocument();
                writer.WriteName("at");
                BsonSerializer.LookupSerializer(type).Serialize(BsonSerializationContext.CreateRoot(writer), probe);
                writer.WriteEndDocument();
            }
            if (written["at"] is not BsonString { Value: var stored } || !string.Equals(stored, expected, StringComparison.Ordinal))
                throw new InvalidOperationException($"MongoDB stores {type.Name} as {written["at"]} instead of '{expected}': another serializer for it was registered before BadgeIssuer's.");
        }
    }
}
