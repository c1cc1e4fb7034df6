using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BadgeIssuer.Core;
using BadgeIssuer.Core.Assessment;
using BadgeIssuer.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BadgeIssuer.Api.Tests.Assessment;

/// <summary>
/// Steps of submission and review for the page and mail tests: a program invites a teacher, assessors are added, and
/// the teacher and review links are made as the service makes them; the people's own steps go through the pages.
/// </summary>
public static partial class Assessing
{
    public const string TeacherEmail = "sam.rivera@lincoln-middle.example.org";
    public const string TeacherName = "Sam Rivera";
    public const string TeacherSchool = "Lincoln Middle School";
    public const string AssessorEmail = "dana.okafor@riverside.example.org";
    public const string AssessorName = "Dana Okafor";

    /// <summary>An issuer with the sample performance-assessment achievement asking for <paramref name="reviewsRequired"/> reviews.</summary>
    public static async Task<(string IssuerId, string AchievementId)> ReviewedAchievementAsync(ApiFactory api, int reviewsRequired = 1)
    {
        string issuerId = await Journey.CreateIssuerAsync(api);
        using HttpClient client = api.ClientWith(await Journey.CreateClientKeyAsync(api, issuerId, ApiFactory.IssuerScopes));
        JsonObject achievement = Journey.SampleJson("achievements/performance-assessment-design.json");
        achievement["review"] = new JsonObject { ["reviewsRequired"] = reviewsRequired, ["requireResponses"] = true };
        return (issuerId, await Journey.CreateAchievementAsync(client, issuerId, achievement));
    }

    /// <summary>Adds an assessor of another organisation than the teacher's.</summary>
    public static async Task<Assessor> AssessorAsync(ApiFactory api, string issuerId, string name = AssessorName, string email = AssessorEmail, string organization = "Riverside District")
    {
        Outcome<CreatedAssessor> created = await api.Services.GetRequiredService<AssessorService>().CreateAsync(issuerId, name, email, organization, ["assessment literacy"], [], default);
        return Assert.IsType<Done<CreatedAssessor>>(created).Value.Assessor;
    }

    /// <summary>The program invites the teacher: a submission in state invited.</summary>
    public static async Task<Submission> InviteAsync(ApiFactory api, string issuerId, string achievementId)
    {
        Outcome<Submission> invited = await api.Services.GetRequiredService<SubmissionService>()
            .InviteAsync(issuerId, achievementId, new Candidate(TeacherEmail, TeacherName, TeacherSchool), null, "program-portal", default);
        return Assert.IsType<Done<Submission>>(invited).Value;
    }

    /// <summary>The submission as stored now.</summary>
    public static async Task<Submission> CurrentAsync(ApiFactory api, Submission submission) =>
        Assert.IsType<Done<Submission>>(await api.Services.GetRequiredService<SubmissionService>().GetAsync(submission.IssuerId, submission.Id, default)).Value;

    public static string TeacherLink(ApiFactory api, Submission submission) =>
        api.Services.GetRequiredService<PublicUrls>().SubmissionPage(api.Services.GetRequiredService<AssessmentLinks>().TeacherToken(submission)!);

    public static string ReviewLink(ApiFactory api, Submission submission, string assessorId) =>
        api.Services.GetRequiredService<PublicUrls>().ReviewPage(api.Services.GetRequiredService<AssessmentLinks>().ReviewToken(submission, submission.Current.Number, assessorId)!);

    /// <summary>The hidden form token fields of a page's form, to post it as the browser would.</summary>
    public static List<KeyValuePair<string, string>> FormToken(string html) =>
        [.. HiddenField().Matches(html).Select(m => new KeyValuePair<string, string>(m.Groups[1].Value, m.Groups[2].Value))];

    /// <summary>The teacher's answers to the sample's three criteria.</summary>
    public static readonly (string Key, string Text)[] Answers =
    [
        ("task-design", "Students design a water filter for the school garden and explain their choices."),
        ("rubric-alignment", "Each rubric row maps to one of the unit's three learning targets."),
        ("student-work-analysis", "Three scored samples, with the next lesson planned from the weakest criterion."),
    ];

    /// <summary>A plain text file as evidence.</summary>
    public static byte[] LessonPlan => "Lesson plan: water filters\n1. Explore\n2. Design\n3. Test\n"u8.ToArray();

    [GeneratedRegex("<input type=\"hidden\" name=\"(form-nonce|form-token)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
