using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Issuers;

/// <summary>
/// The fields of an issuer a caller writes: the body of <c>POST</c> and <c>PUT /api/v1/issuers</c> as it arrives
/// (before validation) and the profile of every stored <see cref="Issuer"/>.
/// </summary>
/// <param name="Name">The organisation's name, as shown on badges.</param>
/// <param name="Url">Its home page.</param>
/// <param name="Email">A contact address.</param>
/// <param name="Description">What it is.</param>
/// <param name="Image">A logo: an https URL or a data:image URI.</param>
/// <param name="Ob2Compatibility">
/// Publish an Open Badges 2.0 hosted copy of every award (<c>/ob2/assertions/{awardId}</c>, its BadgeClass and Issuer,
/// and the <c>openbadges</c> entry in baked images) for districts and platforms that import only OB 2.0; unset means on.
/// </param>
public record IssuerDraft(string Name, string? Url = null, string? Email = null, string? Description = null, string? Image = null, bool? Ob2Compatibility = null)
{
    /// <summary>Whether the OB 2.0 hosted copies are published (<see cref="Ob2Compatibility"/>, default on).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool PublishesOb2 => Ob2Compatibility ?? true;

    /// <summary>Every problem with the draft; empty when it is valid.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        Check check = new();
        check.Text("/name", Name, 200);
        check.OptionalHttpUrl("/url", Url);
        check.OptionalEmail("/email", Email);
        check.OptionalText("/description", Description, 4000);
        check.OptionalImage("/image", Image);
        return check.Errors;
    }
}
