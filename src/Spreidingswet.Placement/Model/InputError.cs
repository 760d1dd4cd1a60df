namespace Spreidingswet.Placement.Model;

/// <summary>
/// One problem found in an input: the file, the line (1-based, 0 when the problem is not tied to a
/// line), the field and the offending value, what is wrong, and a hint at the fix.
/// </summary>
/// <param name="File">The input file (or a short label such as <c>scenario</c>).</param>
/// <param name="Line">1-based line number, or 0 when the problem concerns the whole file.</param>
/// <param name="Field">The column, property or option concerned; <c>null</c> when none applies.</param>
/// <param name="Value">The offending value as read; <c>null</c> when there is none.</param>
/// <param name="Message">What is wrong.</param>
/// <param name="Hint">A suggested fix ("Maybe ..."), or <c>null</c>.</param>
public sealed record InputError(string File, int Line, string? Field, string? Value, string Message, string? Hint = null)
{
    /// <summary>Formats the error as <c>file:line: field 'value': message. hint</c>.</summary>
    public override string ToString()
    {
        var where = Line > 0 ? $"{File}:{Line}" : File;
        var what = Field is null ? "" : Value is null ? $" {Escaped(Field)}:" : $" {Escaped(Field)} '{Escaped(Value)}':";
        var hint = Hint is null ? "" : " " + Hint;
        return $"{where}:{what} {Message}{hint}";
    }

    /// <summary>
    /// An echoed input text with its control characters (ESC, NUL, line breaks, C1 codes) and
    /// bidirectional overrides written as <c>\uXXXX</c>, safe for a terminal.
    /// </summary>
    private static string Escaped(string text)
        => text.Any(Unsafe) ? string.Concat(text.Select(c => Unsafe(c) ? $"\\u{(int)c:x4}" : c.ToString())) : text;

    private static bool Unsafe(char c)
        => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u200e' and <= '\u200f') or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069');
}

/// <summary>
/// The outcome of reading or validating an input: either a value, or every problem found
/// (reported together), plus warnings that do not stop the run.
/// </summary>
/// <typeparam name="T">The value read.</typeparam>
public sealed class LoadResult<T>
    where T : class
{
    private LoadResult(T? value, IReadOnlyList<InputError> errors, IReadOnlyList<string> warnings)
    {
        Value = value;
        Errors = errors;
        Warnings = warnings;
    }

    /// <summary>The value; <c>null</c> when <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>Every problem found; empty on success.</summary>
    public IReadOnlyList<InputError> Errors { get; }

    /// <summary>Things the user should know that did not stop the read.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when a value was produced.</summary>
    public bool Succeeded => Value is not null;

    /// <summary>Creates a successful result.</summary>
    public static LoadResult<T> Success(T value, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new LoadResult<T>(value, [], warnings ?? []);
    }

    /// <summary>Creates a failed result; at least one error is required.</summary>
    public static LoadResult<T> Failure(IReadOnlyList<InputError> errors, IReadOnlyList<string>? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one error.", nameof(errors));
        }

        return new LoadResult<T>(null, errors, warnings ?? []);
    }

    /// <summary>Returns the value or throws <see cref="InputException"/> listing every error.</summary>
    public T GetValueOrThrow() => Value ?? throw new InputException(Errors);
}

/// <summary>Thrown by convenience methods when an input is invalid; carries every error found.</summary>
public sealed class InputException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public InputException(IReadOnlyList<InputError> errors)
        : base(string.Join(Environment.NewLine, (errors ?? throw new ArgumentNullException(nameof(errors))).Select(e => e.ToString())))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message (required by the exception pattern).</summary>
    public InputException() : this([]) { }

    /// <summary>Creates the exception with a message (required by the exception pattern).</summary>
    public InputException(string message) : this([new InputError("input", 0, null, null, message)]) { }

    /// <summary>Creates the exception with a message and inner exception.</summary>
    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new InputError("input", 0, null, null, message)];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<InputError> Errors { get; } = [];
}
