namespace BadgeIssuer.Api.Tests;

/// <summary>The repository the tests run from, for files they read beside the build (fixtures' sources, browser tools).</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>BadgeIssuer.sln</c> above the test's own directory, or <c>null</c> outside a checkout.</summary>
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "BadgeIssuer.sln"))) return folder.FullName;
        return null;
    }
}
