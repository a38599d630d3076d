namespace PhotonicSolver;

/// <summary>
/// An error in the user's input (netlist, sweep, settings, files). The CLI prints its message, without a stack
/// trace, and exits non-zero. Messages name the file and line, instance, port or setting at fault.
/// </summary>
public class PhotonicException : Exception
{
    public PhotonicException(string message) : base(message) { }
    public PhotonicException(string message, Exception inner) : base(message, inner) { }
}
