using System.Runtime.CompilerServices;
using ILGPU;
using PhotonicSolver.MonteCarlo;

namespace PhotonicSolver.Kernels;

/// <summary>
/// The Monte Carlo kernels: after <see cref="PlanKernel"/> has left a chunk's spectra on the device, every sample
/// is measured (<see cref="SampleMeasure"/>), the samples are reduced per block (<see cref="BlockReduction"/>) and
/// their metrics counted into dense histograms, all on the device, with the same code the CPU backend runs. Only
/// the block tables and the histograms are copied back; spectra never leave the device.
/// </summary>
public static class MonteCarloKernels
{
    /// <summary>One thread per sample: metrics[s·specs + j] and flags[s] of sample s of the chunk.</summary>
    public static void Measure(Index1D s, ArrayView<double> outputs, ArrayView<int> status, ArrayView<double> wavelengths,
                               ArrayView<SpecCode> specs, ArrayView<double> metrics, ArrayView<int> flags, int pairs)
    {
        flags[s] = SampleMeasure.MeasureSample(new DeviceSampleView(outputs, status, wavelengths, specs, metrics, pairs, s));
    }

    /// <summary>One thread per block of the chunk [chunkFirst, chunkFirst + count).</summary>
    public static void ReduceBlocks(Index1D b, BlockLayout layout, ArrayView<double> metrics, ArrayView<int> flags, ArrayView<SpecCode> specs,
                                    ArrayView<long> longs, ArrayView<double> doubles, long chunkFirst, int count)
    {
        BlockReduction.ReduceBlock(new DeviceBlockStore(metrics, flags, specs, longs, doubles), layout, b, chunkFirst, count);
    }

    /// <summary>
    /// One thread per sample: each finite metric adds one to its bucket ⌊v/2^level⌋ − firstKey of its spec's row
    /// (integer atomics: exact in any order). Specs with level int.MinValue have no finite value in the chunk.
    /// </summary>
    public static void Histogram(Index1D s, ArrayView<double> metrics, ArrayView<int> levels, ArrayView<long> firstKeys,
                                 ArrayView<long> counts, int specs, int capacity)
    {
        for (int j = 0; j < specs; j++)
        {
            double v = metrics[s * specs + j];
            int level = levels[j];
            if (level == int.MinValue || !FiguresOfMerit.IsFinite(v)) continue;
            long bucket = BlockReduction.Bucket(v, level) - firstKeys[j];
            // Never outside the spec's row (the host checks that every finite value was counted).
            if (bucket >= 0 && bucket < capacity) Atomic.Add(ref counts[j * capacity + (int)bucket], 1L);
        }
    }

    /// <summary>Sample s of the chunk over device views: outputs interleaved re, im at 2·((s·W + i)·pairs + k).</summary>
    private readonly struct DeviceSampleView(ArrayView<double> outputs, ArrayView<int> status, ArrayView<double> wl,
                                             ArrayView<SpecCode> specs, ArrayView<double> metrics, int pairs, int sample) : ISampleView
    {
        private readonly ArrayView<double> _outputs = outputs, _wl = wl, _metrics = metrics;
        private readonly ArrayView<int> _status = status;
        private readonly ArrayView<SpecCode> _specs = specs;
        private readonly int _pairs = pairs, _sample = sample;

        public int Wavelengths => _wl.IntLength;
        public int Pairs => _pairs;
        public int Specs => _specs.IntLength;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Power(int pair, int i)
        {
            int k = 2 * ((_sample * _wl.IntLength + i) * _pairs + pair);
            double re = _outputs[k], im = _outputs[k + 1];
            return re * re + im * im;   // Cx.Abs2
        }

        public bool Failed(int i) => _status[_sample * _wl.IntLength + i] != 0;
        public double Wavelength(int i) => _wl[i];
        public SpecCode Spec(int j) => _specs[j];
        public void SetMetric(int j, double value) => _metrics[_sample * _specs.IntLength + j] = value;
    }

    private readonly struct DeviceBlockStore(ArrayView<double> metrics, ArrayView<int> flags, ArrayView<SpecCode> specs,
                                             ArrayView<long> longs, ArrayView<double> doubles) : IBlockStore
    {
        private readonly ArrayView<double> _metrics = metrics, _doubles = doubles;
        private readonly ArrayView<int> _flags = flags;
        private readonly ArrayView<SpecCode> _specs = specs;
        private readonly ArrayView<long> _longs = longs;

        public double Metric(int s, int j) => _metrics[s * _specs.IntLength + j];
        public int Flags(int s) => _flags[s];
        public SpecCode Spec(int j) => _specs[j];
        public long GetLong(int i) => _longs[i];
        public void SetLong(int i, long value) => _longs[i] = value;
        public double GetDouble(int i) => _doubles[i];
        public void SetDouble(int i, double value) => _doubles[i] = value;
    }
}
