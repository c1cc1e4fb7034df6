return BadgeIssuer.Cli.BadgeCommand.Run(args, Console.In, Console.Out, Console.Error);
