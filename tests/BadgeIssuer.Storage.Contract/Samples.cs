using BadgeIssuer.Core;
using BadgeIssuer.Core.Achievements;
using BadgeIssuer.Core.Awards;
using BadgeIssuer.Core.Clients;
using BadgeIssuer.Core.Issuers;
using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Storage.Contract;

/// <summary>Entities with every field set (and odd values where stores tend to lose them), each with fresh ids.</summary>
public static class Samples
{
    public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero).AddTicks(1234567);

    public static Issuer Issuer() => new(Ids.New(), new IssuerDraft("Riverside Center — Lehrerbildung ✓", "https://riverside.example.edu", "badges@riverside.example.edu",
        "Multi-line\ndescription with \"quotes\"", "data:image/png;base64,iVBORw0KGgo="), Now, Now.AddMinutes(5), 1);

    public static SigningKey Key(string issuerId, DateTimeOffset created, KeyStatus status = KeyStatus.Active) => new(Ids.New(), issuerId, "EdDSA", status,
        "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}", "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp",
        new EncryptedSecret("kek-1", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0, 255, 128, 7], [.. Enumerable.Range(0, 16).Select(i => (byte)i)]),
        created, status == KeyStatus.Compromised ? created.AddDays(1) : null, 1);

    public static Achievement Achievement(string issuerId) => new(Ids.New(), issuerId, new AchievementDraft("Digital Fluency", "Description",
        new Criteria("Narrative *markdown*", "https://example.edu/criteria"), "MicroCredential", new AchievementImage("https://example.edu/badge.png", "caption"),
        [new Alignment("ISTE 2.5", "https://iste.org/standards/educators", "2.5", null, "ISTE", "ceasn:Competency")],
        ["digital", "fluency"], 1.5, "Education", "DF-1",
        [
            new ResultDescription("quiz", "Quiz", "Percent", [], [], "0", "100"),
            new ResultDescription("lesson", "Lesson", "RubricCriterion", [], [new("ok", "OK", "d", "1", "2"), new("good", "Good", null, null, null)], null, null),
            new ResultDescription("grade", "Grade", "LetterGrade", ["C", "B", "A"], [], null, null),
        ],
        new CriteriaRules([new RequiredResult("quiz", null, "80", null), new RequiredResult("lesson", "good", null, null)], 1, 2)),
        Now, Now, 1);

    public static Award Award(string issuerId, string? idempotencyKey = null)
    {
        string id = Ids.New();
        return new Award(id, issuerId, Ids.New(), $"https://badges.test/credentials/{id}", "recipient-hash", idempotencyKey, "fingerprint",
            "{\"id\":\"x\",\"name\":\"é ✓\"}", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", Now, Now.AddYears(1), 1);
    }

    public static ApiClient Client(string? issuerId) => new(Ids.New(), "client", issuerId, [Scopes.AwardsIssue, Scopes.AwardsRead], ApiKeys.Hash(ApiKeys.New()), Now);
}
