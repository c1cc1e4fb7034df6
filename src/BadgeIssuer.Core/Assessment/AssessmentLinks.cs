// A teacher link and a review link are "{submission id}.{43 base64url characters}": the characters are an HMAC-SHA256
// (RFC 2104) of the submission id (and, for a review link, the round and the assessor) under a key derived from the
// key-encryption key ring (KeyEncryption.DeriveKey), as claim tokens are (Claims.ClaimTokens). Nothing secret is stored:
// every process sharing the ring recomputes a link to show or mail it again, a link is checked by recomputing it and
// comparing in constant time, and nobody without the ring can make one. The submission id in front only says which
// submission to recompute against; it opens nothing by itself.
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BadgeIssuer.Core.Keys;

namespace BadgeIssuer.Core.Assessment;

/// <summary>Makes and checks the secret links of a submission's teacher page and its assessors' review pages.</summary>
public sealed class AssessmentLinks(KeyEncryption keys)
{
    /// <summary>The actor recorded (<see cref="Submission.SubmittedBy"/>, audit) for what a teacher does through the teacher link.</summary>
    public const string TeacherActor = "teacher-link";

    /// <summary>The length of the secret part of a link: 32 bytes in base64url without padding.</summary>
    public const int MacLength = 43;

    private const string TeacherPurpose = "submission-teacher-link";
    private const string ReviewPurpose = "submission-review-link";
    private readonly ConcurrentDictionary<(string KeyId, string Purpose), byte[]?> _derived = new();

    /// <summary>The key-encryption key new submissions' links are derived under (<see cref="Submission.LinkKeyId"/>).</summary>
    public string NewestKeyId => keys.KeyId;

    /// <summary>The token of the teacher's page of <paramref name="submission"/>, or <c>null</c> when its key has left the ring.</summary>
    public string? TeacherToken(Submission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return Token(submission, TeacherPurpose, submission.Id);
    }

    /// <summary>
    /// The token of <paramref name="assessorId"/>'s review page for round <paramref name="round"/> of
    /// <paramref name="submission"/>, or <c>null</c> when its key has left the ring.
    /// </summary>
    public string? ReviewToken(Submission submission, int round, string assessorId)
    {
        ArgumentNullException.ThrowIfNull(submission);
        ArgumentNullException.ThrowIfNull(assessorId);
        return Token(submission, ReviewPurpose, $"{submission.Id}\n{round}\n{assessorId}");
    }

    /// <summary>The submission id a token names, or <c>null</c> when <paramref name="token"/> is no link's shape.</summary>
    public static string? SubmissionIdOf(string? token)
    {
        if (token is null || token.Length != 21 + MacLength || token[20] != '.') return null;
        string id = token[..20];
        return Ids.IsWellFormed(id) && Base64Url.IsValid(token.AsSpan(21)) ? id : null;
    }

    /// <summary>True when <paramref name="token"/> is the teacher link of <paramref name="submission"/>.</summary>
    public bool IsTeacherToken(Submission submission, string token) => Same(TeacherToken(submission), token);

    /// <summary>
    /// The assessor whose review link of the current round <paramref name="token"/> is (reviewed or not: the caller says
    /// which), or <c>null</c> when it is none of them.
    /// </summary>
    public string? ReviewerOf(Submission submission, string token)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Rounds.Count == 0) return null;
        SubmissionRound round = submission.Current;
        foreach (Assignment assignment in round.Assignments)
            if (Same(ReviewToken(submission, round.Number, assignment.AssessorId), token)) return assignment.AssessorId;
        return null;
    }

    private string? Token(Submission submission, string purpose, string message)
    {
        if (_derived.GetOrAdd((submission.LinkKeyId, purpose), k => keys.DeriveKey(k.KeyId, k.Purpose)) is not { } key) return null;
        return $"{submission.Id}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)))}";
    }

    private static bool Same(string? expected, string? presented) =>
        expected is not null && presented is not null && expected.Length == presented.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));
}
