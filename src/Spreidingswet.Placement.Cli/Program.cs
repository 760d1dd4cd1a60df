using Spreidingswet.Placement.Cli;

return Cli.Run(args, Console.Out, Console.Error);
