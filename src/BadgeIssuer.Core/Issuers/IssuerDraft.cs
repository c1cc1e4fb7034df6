using BadgeIssuer.Core.Validation;

namespace BadgeIssuer.Core.Issuers;

/// <summary>The fields of an issuer a caller writes (create or replace), before validation.</summary>
public sealed record IssuerDraft(string? Name, string? Url, string? Email, string? Description, string? Image)
{
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
