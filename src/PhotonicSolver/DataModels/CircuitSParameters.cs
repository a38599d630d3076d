using PhotonicSolver.Backends;
using PhotonicSolver.Circuit;
using PhotonicSolver.Numerics;
using PhotonicSolver.Sweep;

namespace PhotonicSolver.DataModels;

/// <summary>A circuit's full S-matrix over wavelength, computed by the engine (plan compiler + backend), as data.</summary>
public static class CircuitSParameters
{
    /// <summary>
    /// Every (out, in) pair of the external ports, in the netlist's port order, at each wavelength of
    /// <paramref name="wavelengths"/>. Singular points (a lossless cavity on resonance) are an error here:
    /// an exported file must not hold NaN.
    /// </summary>
    public static SParameterData Compute(FlatCircuit circuit, SweepAxis wavelengths, ISweepBackend backend, string source = "")
    {
        if (wavelengths.Name != FlatCircuit.WavelengthKey) throw new ArgumentException("the axis must be 'wl'", nameof(wavelengths));
        var result = SweepResult.Run(circuit, new SweepSpec([wavelengths]), backend);
        var plan = result.Plan;
        int n = plan.PortNames.Length, nOut = plan.Layout.NumOutputs;
        var wl = result.Axis(FlatCircuit.WavelengthKey);
        var s = new Cx[wl.Length][,];
        for (int p = 0; p < wl.Length; p++)
        {
            if (result.Status[p] != 0)
                throw new PhotonicException($"at {wl[p]} µm the circuit is singular ({plan.PivotDescriptions[result.Status[p] - 1]}): " +
                                            "a lossless closed cavity on resonance; add a little loss or move the wavelength grid");
            var m = new Cx[n, n];
            for (int k = 0; k < nOut; k++) m[plan.Outputs[k].Out, plan.Outputs[k].In] = result.Outputs[(long)p * nOut + k];
            s[p] = m;
        }
        return new SParameterData(source, plan.PortNames, wl, s);
    }
}
