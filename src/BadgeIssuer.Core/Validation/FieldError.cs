namespace BadgeIssuer.Core.Validation;

/// <summary>One problem with one field of a request: where (a JSON Pointer), what is wrong, and how to fix it.</summary>
public sealed record FieldError(string Pointer, string Detail);
