namespace PhotonicSolver.Links;

/// <summary>
/// One operating condition of a link: the laser's own temperature, the chip's temperature (°C) and the laser's
/// drive current (mA; ignored by a source without one).
/// </summary>
public readonly record struct LinkScenario(double LaserTemperatureC, double ChipTemperatureC, double CurrentMa)
{
    /// <summary>
    /// A laser co-packaged with the chip: it runs at the chip's temperature, T_laser = T_chip, for every temperature
    /// and current (temperature outer, current inner).
    /// </summary>
    public static List<LinkScenario> CoPackaged(IEnumerable<double> temperaturesC, IEnumerable<double> currentsMa)
    {
        var currents = currentsMa.ToArray();
        return [.. from t in temperaturesC from i in currents select new LinkScenario(t, t, i)];
    }

    /// <summary>
    /// Laser and chip temperatures set independently (an external light source, or a laser on its own cooler):
    /// every combination, laser temperature outermost, then chip temperature, then current.
    /// </summary>
    public static List<LinkScenario> Grid(IEnumerable<double> laserTemperaturesC, IEnumerable<double> chipTemperaturesC, IEnumerable<double> currentsMa)
    {
        var chip = chipTemperaturesC.ToArray();
        var currents = currentsMa.ToArray();
        return [.. from tl in laserTemperaturesC from tc in chip from i in currents select new LinkScenario(tl, tc, i)];
    }
}
