using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
// usage: sizes DIR [min-lines]: methods/ctors/local functions/accessors longer than min lines, and the largest files
var dir = args[0]; var min = args.Length > 1 ? int.Parse(args[1]) : 50;
var files = Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).ToList();
var rows = new List<(int Lines, string Where)>();
var fileLines = new List<(int, string)>();
foreach (var f in files)
{
    var text = File.ReadAllText(f);
    var tree = CSharpSyntaxTree.ParseText(text);
    fileLines.Add((text.Split('\n').Length - (text.EndsWith('\n') ? 1 : 0), Path.GetRelativePath(dir, f)));
    foreach (var m in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax))
    {
        var span = m.GetLocation().GetLineSpan();
        var lines = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
        var name = m switch { MethodDeclarationSyntax md => md.Identifier.Text, ConstructorDeclarationSyntax c => c.Identifier.Text + "..ctor", LocalFunctionStatementSyntax l => l.Identifier.Text, AccessorDeclarationSyntax a => a.Keyword.Text, _ => m.Kind().ToString() };
        var type = m.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "";
        rows.Add((lines, $"{Path.GetRelativePath(dir, f)}:{span.StartLinePosition.Line + 1} {type}.{name}"));
    }
}
var methods = rows.Where(r => !r.Where.EndsWith(".get") && !r.Where.EndsWith(".set")).ToList();
Console.WriteLine($"files {files.Count}, lines {fileLines.Sum(f => f.Item1)}; methods > 50 lines: {methods.Count(r => r.Lines > 50)}, > 100 lines: {methods.Count(r => r.Lines > 100)}");
Console.WriteLine("largest files:"); foreach (var f in fileLines.OrderByDescending(f => f.Item1).Take(8)) Console.WriteLine($"  {f.Item1,5} {f.Item2}");
Console.WriteLine($"methods over {min} lines:"); foreach (var r in methods.Where(r => r.Lines > min).OrderByDescending(r => r.Lines)) Console.WriteLine($"  {r.Lines,5} {r.Where}");
