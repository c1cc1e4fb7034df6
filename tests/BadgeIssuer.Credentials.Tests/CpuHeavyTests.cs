namespace BadgeIssuer.Credentials.Tests;

/// <summary>
/// Tests that keep both cores busy for a long time run alone, not beside the tests of this assembly that bound a
/// verification's or a fetch's wall-clock time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuHeavyTests
{
    /// <summary>The collection's name.</summary>
    public const string Name = "CPU-heavy tests";
}
