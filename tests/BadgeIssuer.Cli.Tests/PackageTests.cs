using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace BadgeIssuer.Cli.Tests;

/// <summary>
/// The two packages as a user gets them: <c>dotnet pack</c> makes BadgeIssuer.LinkedData and the badge tool, and
/// <c>dotnet tool install --tool-path</c> installs the tool from a folder source, after which the installed
/// <c>badge</c> runs. Each pack reuses the build this test project already made (<c>--no-build</c>, same
/// configuration: the tool references Credentials, which references LinkedData), and every output goes to a
/// temporary folder, so nothing races the solution's build.
/// </summary>
public sealed class PackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _temp = Directory.CreateTempSubdirectory("badge-tool-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string RepositoryRoot()
    {
        DirectoryInfo? directory = new(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BadgeIssuer.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("BadgeIssuer.sln not found above the test directory.");
    }

    /// <summary>The root of the .NET installation running this test, for the installed tool's host.</summary>
    private static string DotnetRoot() => Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    private static (int Code, string Out, string Err) Start(string file, string workingDirectory, params string[] args)
    {
        ProcessStartInfo start = new(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["DOTNET_ROOT"] = DotnetRoot();
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in 3 minutes.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    private static void Succeeds((int Code, string Out, string Err) run) => Assert.True(run.Code == 0, $"exit {run.Code}\n{run.Out}\n{run.Err}");

    /// <summary>Packs <paramref name="project"/> (a folder under src/) into <paramref name="output"/>; returns its one .nupkg.</summary>
    private static string Pack(string project, string output)
    {
        Succeeds(Start("dotnet", RepositoryRoot(), "pack", Path.Combine("src", project), "--no-build", "-c", Configuration, "-o", output));
        return Assert.Single(Directory.GetFiles(output, "*.nupkg"));
    }

    [Fact]
    public void The_linked_data_package_carries_the_library_its_xml_docs_its_readme_and_the_mit_license()
    {
        using ZipArchive package = ZipFile.OpenRead(Pack("BadgeIssuer.LinkedData", Path.Combine(_temp, "packages")));

        string[] entries = [.. package.Entries.Select(e => e.FullName)];
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/BadgeIssuer.LinkedData.dll", entries);
        Assert.Contains("lib/net10.0/BadgeIssuer.LinkedData.xml", entries);
        using Stream nuspecStream = package.GetEntry("BadgeIssuer.LinkedData.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("BadgeIssuer.LinkedData", Field("id"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
    }

    /// <summary>Packs the tool and installs it into a temporary tool path from that package alone; returns the installed <c>badge</c>.</summary>
    private string InstallTool()
    {
        string packages = Path.Combine(_temp, "packages");
        string tools = Path.Combine(_temp, "tools");
        // Only the folder source: the package must come from this build, never from a registry.
        string config = Path.Combine(_temp, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        Assert.StartsWith("BadgeIssuer.Cli.", Path.GetFileName(Pack("BadgeIssuer.Cli", packages)), StringComparison.Ordinal);
        Succeeds(Start("dotnet", _temp, "tool", "install", "--tool-path", tools, "--configfile", config, "BadgeIssuer.Cli"));
        return Path.Combine(tools, "badge");
    }

    [Fact]
    public void The_packed_tool_installs_from_a_folder_and_canonicalizes_a_credential()
    {
        string root = RepositoryRoot();
        string badge = InstallTool();

        string credential = Path.Combine(root, "bench", "data", "ob-credential.json");
        (int code, string output, string error) = Start(badge, _temp, "canonicalize", credential);

        Assert.True(code == 0, error);
        Assert.Equal(BadgeCommand.Canonicalize(File.ReadAllText(credential)), output);
        Assert.Contains("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential> .", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_packed_tool_opens_a_service_store_to_rewrap_and_back_it_up()
    {
        string badge = InstallTool();
        string settings = Path.Combine(_temp, "appsettings.json");
        File.WriteAllText(settings, System.Text.Json.JsonSerializer.Serialize(new
        {
            BadgeIssuer = new { DataDirectory = Path.Combine(_temp, "data"), KeyEncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" },
        }));
        string copy = Path.Combine(_temp, "copy.db");

        (int code, string output, string error) = Start(badge, _temp, "keys", "rewrap", "--settings", settings);
        Succeeds(Start(badge, _temp, "backup", copy, "--settings", settings));

        Assert.True(code == 0, error);
        Assert.StartsWith("private keys: 0 resealed, 0 already under the newest key-encryption key", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(copy).Length > 0);
    }
}
