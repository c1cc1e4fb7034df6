namespace BadgeIssuer.Cli;

/// <summary>The entry point of the <c>badge</c> tool (a named class, so that it is not the global <c>Program</c> the API's tests host).</summary>
internal static class Program
{
    private static int Main(string[] args) => BadgeCommand.Run(args, Console.In, Console.Out, Console.Error);
}
