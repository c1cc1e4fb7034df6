namespace BadgeIssuer.Cli;

/// <summary>The <c>badge</c> command line: dispatches on the first argument.</summary>
public static class BadgeCommand
{
    /// <summary>Runs one command; returns the process exit code (0 success, 2 bad input or usage).</summary>
    public static int Run(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine("usage: badge <command> [file|-]");
        return 2;
    }
}
