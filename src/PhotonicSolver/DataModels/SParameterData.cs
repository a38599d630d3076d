using PhotonicSolver.Numerics;

namespace PhotonicSolver.DataModels;

/// <summary>
/// Tabulated S-parameters of an N-port over wavelength, in the project's convention (S[out,in],
/// propagation exp(+i·2π·neff·L/λ)). Read from Touchstone or Lumerical INTERCONNECT files, or written by
/// <c>photonic export</c>. Wavelengths are strictly increasing (µm).
/// </summary>
public sealed class SParameterData
{
    /// <summary>Speed of light in vacuum (m/s), for f = c/λ.</summary>
    public const double SpeedOfLight = 299_792_458.0;

    /// <summary>File the data came from ("" when built in code), for messages.</summary>
    public string Source { get; }
    /// <summary>Port names in matrix order (o1..oN for Touchstone; the file's names for Lumerical).</summary>
    public string[] PortNames { get; }
    /// <summary>Strictly increasing wavelengths (µm).</summary>
    public double[] WavelengthsUm { get; }
    /// <summary>S[point][out, in].</summary>
    public Cx[][,] S { get; }

    public int PortCount => PortNames.Length;

    /// <summary>What the reader chose or skipped (mode picked by default, noise data ignored…), for the user.</summary>
    public List<string> Notes { get; } = [];

    public SParameterData(string source, string[] portNames, double[] wavelengthsUm, Cx[][,] s)
    {
        Source = source;
        if (wavelengthsUm.Length == 0) throw new PhotonicException($"{source}: no data points");
        if (wavelengthsUm.Length != s.Length) throw new ArgumentException("one S-matrix per wavelength");
        int n = portNames.Length;
        if (n == 0) throw new PhotonicException($"{source}: no ports");
        // Sort by wavelength (files are usually in ascending frequency, i.e. descending wavelength).
        var order = Enumerable.Range(0, wavelengthsUm.Length).OrderBy(i => wavelengthsUm[i]).ToArray();
        WavelengthsUm = order.Select(i => wavelengthsUm[i]).ToArray();
        S = order.Select(i => s[i]).ToArray();
        for (int k = 0; k < WavelengthsUm.Length; k++)
        {
            if (!(WavelengthsUm[k] > 0) || !double.IsFinite(WavelengthsUm[k]))
                throw new PhotonicException($"{source}: wavelength {WavelengthsUm[k]} µm (from the file's frequency) is not positive and finite");
            if (k > 0 && WavelengthsUm[k] == WavelengthsUm[k - 1])
                throw new PhotonicException($"{source}: the frequency {FrequencyHz(WavelengthsUm[k]):G12} Hz appears twice");
            if (S[k].GetLength(0) != n || S[k].GetLength(1) != n) throw new ArgumentException($"S-matrix {k} is not {n}×{n}");
        }
        PortNames = portNames;
    }

    /// <summary>Tolerance of the passivity check on the largest singular value of S.</summary>
    public const double PassivityTolerance = 1e-6;

    /// <summary>
    /// Passivity: a passive component has every singular value of S at most 1 (no power gain for any input). Returns
    /// a warning naming the worst point (wavelength, frequency, largest singular value) and how many points exceed
    /// 1 + <see cref="PassivityTolerance"/>, or null when the data are passive. Singular values by Math.NET's SVD.
    /// </summary>
    public string? PassivityWarning()
    {
        int bad = 0, worst = -1;
        double worstSigma = 0;
        int n = PortCount;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<System.Numerics.Complex>.Build.Dense(n, n);
        for (int k = 0; k < S.Length; k++)
        {
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++) m[i, j] = new System.Numerics.Complex(S[k][i, j].Re, S[k][i, j].Im);
            double sigma = m.Svd(computeVectors: false).S[0].Real;
            if (sigma > 1 + PassivityTolerance)
            {
                bad++;
                if (sigma > worstSigma) { worstSigma = sigma; worst = k; }
            }
        }
        if (bad == 0) return null;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return $"{Source}: not passive: the largest singular value of S is {worstSigma.ToString("G8", inv)} at " +
               $"{WavelengthsUm[worst].ToString("G10", inv)} µm ({(FrequencyHz(WavelengthsUm[worst]) / 1e12).ToString("G10", inv)} THz); " +
               $"{bad} of {S.Length} points exceed 1 + 1e-6 (gain: check the file's normalisation or phase convention)";
    }

    public static double FrequencyHz(double wavelengthUm) => SpeedOfLight / (wavelengthUm * 1e-6);

    public static double WavelengthUm(double frequencyHz) => SpeedOfLight / frequencyHz * 1e6;

    public double MinWavelength => WavelengthsUm[0];
    public double MaxWavelength => WavelengthsUm[^1];

    /// <summary>S[out, in] at a wavelength by linear interpolation of Re and Im between neighbouring samples (the host twin of <see cref="TableModel.Evaluate{TM}"/>).</summary>
    public Cx At(int outPort, int inPort, double wavelengthUm)
    {
        var w = WavelengthsUm;
        if (wavelengthUm <= w[0]) return S[0][outPort, inPort];
        if (wavelengthUm >= w[^1]) return S[^1][outPort, inPort];
        int hi = Array.BinarySearch(w, wavelengthUm);
        if (hi >= 0) return S[hi][outPort, inPort];
        hi = ~hi;
        int lo = hi - 1;
        double t = (wavelengthUm - w[lo]) / (w[hi] - w[lo]);
        Cx a = S[lo][outPort, inPort], b = S[hi][outPort, inPort];
        return new Cx(a.Re + t * (b.Re - a.Re), a.Im + t * (b.Im - a.Im));
    }

    /// <summary>The data with every entry conjugated (converts between the exp(−iωt) and exp(+jωt) phase conventions).</summary>
    public SParameterData Conjugated()
    {
        var s = S.Select(m =>
        {
            var c = new Cx[PortCount, PortCount];
            for (int i = 0; i < PortCount; i++) for (int j = 0; j < PortCount; j++) c[i, j] = m[i, j].Conj;
            return c;
        }).ToArray();
        return new SParameterData(Source, PortNames, WavelengthsUm, s);
    }
}
