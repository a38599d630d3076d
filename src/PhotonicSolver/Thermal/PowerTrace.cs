using System.Globalization;

namespace PhotonicSolver.Thermal;

/// <summary>How a sampled power trace is read between its samples.</summary>
public enum TraceInterpolation
{
    /// <summary>Piecewise constant (zero-order hold): P(t) = P_i for t_i ≤ t &lt; t_(i+1). The default.</summary>
    Step,
    /// <summary>Piecewise linear between samples.</summary>
    Linear,
}

/// <summary>
/// A heat source's power against time, in W: a constant, or samples (time_s, power_W) read piecewise constant
/// (<see cref="TraceInterpolation.Step"/>, the default) or piecewise linear.
/// </summary>
/// <remarks>
/// <para>Before the first sample the first value holds; after the last sample the last value holds (so a trace
/// that ends before the simulation does keeps its final power). Sample times must increase strictly.</para>
/// <para>The transient solver integrates both kinds exactly: it splits its steps at every sample time, and the
/// modal solution is exact for constant and for linear inputs over a sub-step.</para>
/// </remarks>
public sealed class PowerTrace
{
    /// <summary>Sample times (s), strictly increasing; one sample at t = 0 for a constant.</summary>
    public IReadOnlyList<double> TimesS => _t;
    /// <summary>Powers (W) at the sample times.</summary>
    public IReadOnlyList<double> PowersW => _p;
    public TraceInterpolation Interpolation { get; }
    /// <summary>Where the trace came from (file name), or "" for one built in code.</summary>
    public string Source { get; }
    public bool IsConstant => _t.Length == 1;

    private readonly double[] _t, _p;

    private PowerTrace(double[] t, double[] p, TraceInterpolation interpolation, string source)
    {
        _t = t; _p = p; Interpolation = interpolation; Source = source;
    }

    /// <summary>A constant power (W).</summary>
    public static PowerTrace Constant(double powerW)
    {
        if (!double.IsFinite(powerW)) throw new PhotonicException($"power {powerW} W is not a finite number");
        return new PowerTrace([0.0], [powerW], TraceInterpolation.Step, "");
    }

    /// <summary>A trace from samples; times must be finite and strictly increasing, powers finite.</summary>
    public static PowerTrace FromSamples(IReadOnlyList<double> timesS, IReadOnlyList<double> powersW,
                                         TraceInterpolation interpolation = TraceInterpolation.Step, string source = "")
    {
        if (timesS.Count != powersW.Count)
            throw new PhotonicException($"{Prefix(source)}{timesS.Count} times but {powersW.Count} powers");
        if (timesS.Count == 0) throw new PhotonicException($"{Prefix(source)}the power trace has no samples");
        for (int i = 0; i < timesS.Count; i++)
        {
            if (!double.IsFinite(timesS[i]) || !double.IsFinite(powersW[i]))
                throw new PhotonicException($"{Prefix(source)}sample {i + 1} ({timesS[i]} s, {powersW[i]} W) is not finite");
            if (i > 0 && !(timesS[i] > timesS[i - 1]))
                throw new PhotonicException($"{Prefix(source)}time must increase: sample {i + 1} at {timesS[i]} s follows {timesS[i - 1]} s");
        }
        return new PowerTrace(timesS.ToArray(), powersW.ToArray(), interpolation, source);
    }

    private static string Prefix(string source) => source.Length > 0 ? source + ": " : "";

    /// <summary>
    /// Reads a CSV trace: a header <c>time_s,power_W</c>, then one sample per line. Lines starting with '#' and
    /// blank lines are skipped. A row with a missing, empty or non-numeric field (a gap), or a time that does not
    /// increase, is an error naming the file and line.
    /// </summary>
    public static PowerTrace LoadCsv(string path, TraceInterpolation interpolation = TraceInterpolation.Step)
    {
        return ParseCsv(IO.InputFile.ReadAllLines(path, "power trace"), path, interpolation);
    }

    /// <summary>Parses CSV lines (see <see cref="LoadCsv"/>); <paramref name="source"/> names the file in messages.</summary>
    public static PowerTrace ParseCsv(IReadOnlyList<string> lines, string source, TraceInterpolation interpolation = TraceInterpolation.Step)
    {
        var t = new List<double>();
        var p = new List<double>();
        bool header = false;
        int prevLine = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i].Trim();
            int lineNo = i + 1;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split(',');
            if (!header)
            {
                if (fields.Length != 2 || fields[0].Trim() != "time_s" || fields[1].Trim() != "power_W")
                    throw new PhotonicException($"{source}:{lineNo}: expected the header 'time_s,power_W', got '{line}'");
                header = true;
                continue;
            }
            if (fields.Length != 2)
                throw new PhotonicException($"{source}:{lineNo}: gap in the trace: expected 2 fields (time_s,power_W), got {fields.Length} in '{line}'");
            double time = Field(fields[0], "time_s"), power = Field(fields[1], "power_W");
            if (t.Count > 0 && !(time > t[^1]))
                throw new PhotonicException($"{source}:{lineNo}: time is not increasing: {Num(time)} s after {Num(t[^1])} s on line {prevLine}");
            t.Add(time); p.Add(power);
            prevLine = lineNo;

            double Field(string text, string column)
            {
                text = text.Trim();
                if (text.Length == 0)
                    throw new PhotonicException($"{source}:{lineNo}: gap in the trace: {column} is empty");
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
                    throw new PhotonicException($"{source}:{lineNo}: gap in the trace: {column} '{text}' is not a finite number");
                return v;
            }
        }
        if (!header) throw new PhotonicException($"{source}: empty power trace; expected the header 'time_s,power_W' and samples");
        if (t.Count == 0) throw new PhotonicException($"{source}: the power trace has a header but no samples");
        return new PowerTrace(t.ToArray(), p.ToArray(), interpolation, source);
    }

    /// <summary>Power (W) at time t. For a step trace a sample's value starts at its own time (right-continuous).</summary>
    public double At(double timeS)
    {
        if (timeS <= _t[0]) return _p[0];
        if (timeS >= _t[^1]) return _p[^1];
        int i = Array.BinarySearch(_t, timeS);
        if (i >= 0) return _p[i];
        int hi = ~i, lo = hi - 1;
        if (Interpolation == TraceInterpolation.Step) return _p[lo];
        double f = (timeS - _t[lo]) / (_t[hi] - _t[lo]);
        return _p[lo] + f * (_p[hi] - _p[lo]);
    }

    /// <summary>
    /// Power just before time t (the left limit). It differs from <see cref="At"/> only at a step trace's sample
    /// times, where the power jumps.
    /// </summary>
    public double Before(double timeS)
    {
        if (Interpolation == TraceInterpolation.Linear || timeS <= _t[0]) return At(timeS);
        int i = Array.BinarySearch(_t, timeS);
        return i > 0 ? _p[i - 1] : At(timeS);
    }

    /// <summary>The last value, which holds for ever: what the steady state sees.</summary>
    public double FinalW => _p[^1];

    /// <summary>The lowest value (W): negative for a source that cools.</summary>
    public double MinW => _p.Min();

    /// <summary>Sample times strictly inside (a, b): where the solver must split a step.</summary>
    internal IEnumerable<double> BreakpointsIn(double a, double b)
    {
        if (_t.Length < 2) yield break;
        int i = Array.BinarySearch(_t, a);
        i = i >= 0 ? i + 1 : ~i;
        for (; i < _t.Length && _t[i] < b; i++) yield return _t[i];
    }

    private static string Num(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
