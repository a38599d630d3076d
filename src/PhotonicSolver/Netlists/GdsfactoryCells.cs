using System.Globalization;
using PhotonicSolver.Models;

namespace PhotonicSolver.Netlists;

/// <summary>
/// The built-in mapping of gdsfactory's generic PDK cells onto models, used by the <see cref="Flattener"/> when a
/// cell is neither a built-in model, nor in <c>models:</c>, nor a netlist of the file. A simple cell becomes one
/// model instance whose settings are computed from the cell's settings and <c>info</c>; a composite cell
/// (coupler_ring, ring_single, ring_double, mzi) becomes a small netlist built here, in gdsfactory's own topology,
/// whose inner cells resolve again (so a <c>models:</c> entry for <c>straight</c> or <c>bend_euler</c> reaches
/// inside). Lengths: <c>info.length</c> (the drawn path length) when the file has it, else gdsfactory's own
/// geometry (Euler bend, Bézier S-bend), with a note; a bend never falls back silently to the arc length.
/// </summary>
/// <remarks>
/// A name with gdsfactory's settings suffix (<c>mmi2x2_WNone</c>, <c>straight_L0p6_058e2168</c>: the cell name,
/// '_', then an upper-case letter or a digit; or gdsfactory 9's <c>coupler_gdsfactorypcomponentsp…</c>) maps like
/// the cell. Port names and numbering are gdsfactory's,
/// which the built-in models share.
/// </remarks>
public static class GdsfactoryCells
{
    /// <summary>One cell of the mapping, for <c>photonic models</c> and the docs.</summary>
    public sealed record CellInfo(string Cell, string Target, string Uses, string Summary);

    /// <summary>What a cell resolved to: a model with per-instance settings, or a netlist (composite cell).</summary>
    internal sealed record Resolution(ModelMapping? Mapping, Netlist? Sub, HashSet<string> Consumed);

    private sealed record Cell(CellInfo Info, Func<Context, Resolution> Build);

    /// <summary>The instance being mapped and where its notes go.</summary>
    internal sealed record Context(InstanceSpec Spec, string Path, string SourcePath, Action<string> Note)
    {
        public double? Setting(string name) => Spec.Settings.TryGetValue(name, out double v) ? v : null;

        public string? Text(string name) =>
            Spec.TextSettings.TryGetValue(name, out var t) && t != "null" ? t : null;

        public double? InfoValue(string name) => Spec.Info.TryGetValue(name, out double v) ? v : null;
    }

    /// <summary>The virtual cell name of the coupler inside a built-in coupler_ring; map it in <c>models:</c> to set its coupling.</summary>
    public const string RingCouplerCell = "coupler_ring_coupler";

    private static readonly Cell[] Cells =
    [
        new(new("straight", "straight", "length", "waveguide; length = info.length, else settings.length (default 10 µm)"), Straight),
        new(new("straight_heater_metal", "straight", "length", "the waveguide under the heater (default 320 µm); the heater itself is not modelled"), c => Straight(c, 320)),
        new(new("straight_heater_metal_undercut", "straight", "length", "as straight_heater_metal"), c => Straight(c, 320)),
        new(new("straight_pin", "straight", "length", "the doped waveguide of a PIN phase shifter (default 500 µm); the junction is not modelled"), c => Straight(c, 500)),
        new(new("taper", "straight", "length", "adiabatic taper as a lossless-transition waveguide of its length (default 10 µm)"), Straight),
        new(new("taper_strip_to_ridge", "straight", "length", "strip-to-rib taper as a waveguide of its length (default 10 µm)"), Straight),
        new(new("bend_euler", "bend", "radius, angle, p, with_arc_floorplan", "Euler bend; length = info.length, else gdsfactory's Euler path length for radius, angle, p"), BendEuler),
        new(new("bend_circular", "bend", "radius, angle", "circular bend; length = info.length, else radius·angle"), BendCircular),
        new(new("bend_s", "straight", "size", "S-bend as a waveguide of its path length: info.length, else the Bézier length of size (default [11, 1.8])"), BendS),
        new(new("bend_euler_s", "straight", "", "S-bend of two Euler bends as a waveguide of info.length (required)"), c => PathLengthOnly(c, "bend_euler_s")),
        new(new("coupler", "coupler", "", "directional coupler as an ideal coupler (coupling 0.5 unless mapped); gap and length are not converted"), c => Same(c, "coupler")),
        new(new("coupler_straight", "coupler", "", "two parallel straights as an ideal coupler (coupling 0.5 unless mapped)"), c => Same(c, "coupler")),
        new(new(RingCouplerCell, "coupler", "", "the coupling section inside a built-in coupler_ring (default coupling 0.5; map it in models: to set it)"), c => Same(c, "coupler")),
        new(new("coupler_ring", "subcircuit", "radius, length_x, bend", $"{RingCouplerCell} plus the ring-side path on o2 and o3: a 90° bend and length_x/2 each"), CouplerRing),
        new(new("ring_single", "subcircuit", "radius, length_x, length_y, bend", "coupler_ring + 2 straights length_y + 2 bends + straight length_x, as gdsfactory draws it"), RingSingle),
        new(new("ring_double", "subcircuit", "radius, length_x, length_y, bend", "two coupler_rings joined by 2 straights of length_y"), RingDouble),
        new(new("mzi", "subcircuit", "delta_length, length_y, length_x, bend, splitter, combiner", "splitter, arms of 4 bends each (bottom arm longer by delta_length), combiner"), Mzi),
        new(new("mmi1x2", "mmi1x2", "", "ideal 1×2 MMI"), c => Same(c, "mmi1x2")),
        new(new("mmi2x2", "mmi2x2", "", "ideal 2×2 MMI"), c => Same(c, "mmi2x2")),
        new(new("crossing", "crossing", "", "waveguide crossing"), c => Same(c, "crossing")),
        new(new("grating_coupler", "grating_coupler", "wavelength, fiber_angle", "every grating_coupler_* cell: Gaussian spectrum centred at settings.wavelength for settings.fiber_angle"), GratingCoupler),
    ];

    /// <summary>The mapping, in the order <c>photonic models</c> lists it.</summary>
    public static IReadOnlyList<CellInfo> Catalog { get; } = Cells.Select(c => c.Info).ToArray();

    /// <summary>The cell a component name maps to, or null.</summary>
    internal static string? Match(string component)
    {
        foreach (var c in Cells)
            if (c.Info.Cell == component) return c.Info.Cell;
        if (component.StartsWith("grating_coupler", StringComparison.Ordinal)) return "grating_coupler";
        // gdsfactory's settings suffix: "mmi2x2_WNone", "straight_L0p6_058e2168".
        string? best = null;
        foreach (var c in Cells)
        {
            string n = c.Info.Cell;
            if (component.Length > n.Length + 1 && component.StartsWith(n, StringComparison.Ordinal) && component[n.Length] == '_'
                && (char.IsAsciiLetterUpper(component[n.Length + 1]) || char.IsAsciiDigit(component[n.Length + 1])
                    || component.AsSpan(n.Length + 1).StartsWith("gdsfactoryp", StringComparison.Ordinal))
                && (best is null || n.Length > best.Length))
                best = n;
        }
        return best;
    }

    internal static Resolution Resolve(string cell, Context context) => Cells.First(c => c.Info.Cell == cell).Build(context);

    // ------------------------------------------------------------------ simple cells

    private static Resolution Mapped(Context c, string model, Dictionary<string, double> settings, params string[] consumed) =>
        new(new ModelMapping { Model = model, Settings = settings, Location = c.Spec.Location }, null, new(consumed, StringComparer.Ordinal));

    private static Resolution Same(Context c, string model) => Mapped(c, model, []);

    private static Resolution Straight(Context c) => Straight(c, 10.0);

    private static Resolution Straight(Context c, double defaultLength)
    {
        double length = c.InfoValue("length") ?? c.Setting("length") ?? defaultLength;
        return Mapped(c, "straight", new() { ["length"] = length }, "length");
    }

    private static Resolution PathLengthOnly(Context c, string cell)
    {
        double length = c.InfoValue("length")
            ?? throw new PhotonicException($"{At(c.Spec.Location)}instance '{c.Path}' ({cell}): no info.length in the file, and its path " +
                                           "length is not computed here; export with gdsfactory's get_netlist() (which writes info.length) " +
                                           $"or map '{c.Spec.Component}' in 'models:' with a length");
        return Mapped(c, "straight", new() { ["length"] = length });
    }

    private static double Radius(Context c) => c.Setting("radius") ?? c.InfoValue("radius") ?? 10.0;

    private static Resolution BendEuler(Context c)
    {
        double radius = Radius(c), angle = c.Setting("angle") ?? 90.0, p = c.Setting("p") ?? 0.5;
        bool arcFloorplan = c.Text("with_arc_floorplan") is not ("false" or "False");
        double length = c.InfoValue("length") ?? ComputedEuler(c, radius, angle, p, arcFloorplan);
        return Mapped(c, "bend", new() { ["radius"] = radius, ["angle_deg"] = Math.Abs(angle), ["length"] = length },
                      "radius", "angle", "p", "with_arc_floorplan");
    }

    private static double ComputedEuler(Context c, double radius, double angle, double p, bool arcFloorplan)
    {
        double length = EulerLength(radius, angle, p, arcFloorplan);
        c.Note($"instance '{c.Path}' ({c.Spec.Component}): no info.length in the file; path length {Fmt(length)} µm " +
               $"computed from gdsfactory's Euler bend (radius {Fmt(radius)}, angle {Fmt(angle)}, p {Fmt(p)})");
        return length;
    }

    private static Resolution BendCircular(Context c)
    {
        double radius = Radius(c), angle = c.Setting("angle") ?? 90.0;
        var s = new Dictionary<string, double> { ["radius"] = radius, ["angle_deg"] = Math.Abs(angle) };
        if (c.InfoValue("length") is { } l) s["length"] = l;
        return Mapped(c, "bend", s, "radius", "angle");
    }

    private static Resolution BendS(Context c)
    {
        double length;
        if (c.InfoValue("length") is { } l) length = l;
        else
        {
            var (dx, dy) = ParsePair(c.Text("size")) ?? (11.0, 1.8);
            length = BezierSBendLength(dx, dy);
            c.Note($"instance '{c.Path}' ({c.Spec.Component}): no info.length in the file; path length {Fmt(length)} µm " +
                   $"computed from gdsfactory's Bézier S-bend of size [{Fmt(dx)}, {Fmt(dy)}]");
        }
        return Mapped(c, "straight", new() { ["length"] = length }, "size");
    }

    private static Resolution GratingCoupler(Context c)
    {
        var s = new Dictionary<string, double>();
        if (c.Setting("wavelength") is { } wl) s["wl0"] = wl;
        if (c.Setting("fiber_angle") is { } a) { s["fiber_angle_deg"] = a; s["angle_ref_deg"] = a; }
        return Mapped(c, "grating_coupler", s, "wavelength", "fiber_angle");
    }

    // ------------------------------------------------------------------ composite cells

    private static InstanceSpec Inner(Context c, string name, string component, Dictionary<string, double>? settings = null,
                                      Dictionary<string, double>? info = null) => new()
    {
        Name = name, Component = component, Location = c.Spec.Location,
        Settings = settings ?? new(StringComparer.Ordinal), Info = info ?? new(StringComparer.Ordinal),
    };

    private static Netlist Sub(Context c, string name, List<InstanceSpec> instances, (string, string)[] links, (string, string)[] ports)
    {
        static InstancePort P(string s) { var k = s.Split(','); return new InstancePort(k[0], k[1]); }
        return new Netlist
        {
            Name = $"{name} (built-in)", SourcePath = c.SourcePath, Instances = instances,
            Connections = links.Select(l => new Connection(P(l.Item1), P(l.Item2), c.Spec.Location)).ToList(),
            Ports = ports.Select(p => new ExternalPort(p.Item1, P(p.Item2), c.Spec.Location)).ToList(),
        };
    }

    private static string BendCell(Context c) => c.Text("bend") is { } b && b.Length > 0 ? b : "bend_euler";

    private static Resolution CouplerRing(Context c)
    {
        double radius = Radius(c), lx = c.Setting("length_x") ?? 4.0;
        string bend = BendCell(c);
        var r = new Dictionary<string, double> { ["radius"] = radius };
        var sub = Sub(c, "coupler_ring",
        [
            Inner(c, "coupler", RingCouplerCell),
            Inner(c, "s2", "straight", new() { ["length"] = lx / 2 }), Inner(c, "b2", bend, new(r)),
            Inner(c, "s3", "straight", new() { ["length"] = lx / 2 }), Inner(c, "b3", bend, new(r)),
        ],
        [("coupler,o2", "s2,o1"), ("s2,o2", "b2,o1"), ("coupler,o3", "s3,o1"), ("s3,o2", "b3,o1")],
        [("o1", "coupler,o1"), ("o2", "b2,o2"), ("o3", "b3,o2"), ("o4", "coupler,o4")]);
        return new(null, sub, new(["radius", "length_x", "bend"], StringComparer.Ordinal));
    }

    private static Dictionary<string, double> RingCouplerSettings(Context c, double lx)
    {
        var s = new Dictionary<string, double> { ["length_x"] = lx, ["radius"] = Radius(c) };
        return s;
    }

    private static Resolution RingSingle(Context c)
    {
        double radius = Radius(c), lx = c.Setting("length_x") ?? 4.0, ly = c.Setting("length_y") ?? 0.6;
        string bend = BendCell(c);
        var cr = Inner(c, "coupler_ring", "coupler_ring", RingCouplerSettings(c, lx));
        cr.TextSettings["bend"] = bend;
        var sub = Sub(c, "ring_single",
        [
            cr,
            Inner(c, "sl", "straight", new() { ["length"] = ly }), Inner(c, "bl", bend, new() { ["radius"] = radius }),
            Inner(c, "st", "straight", new() { ["length"] = lx }), Inner(c, "br", bend, new() { ["radius"] = radius }),
            Inner(c, "sr", "straight", new() { ["length"] = ly }),
        ],
        [("coupler_ring,o2", "sl,o1"), ("sl,o2", "bl,o1"), ("bl,o2", "st,o1"), ("st,o2", "br,o1"), ("br,o2", "sr,o1"), ("sr,o2", "coupler_ring,o3")],
        [("o1", "coupler_ring,o1"), ("o2", "coupler_ring,o4")]);
        return new(null, sub, new(["radius", "length_x", "length_y", "bend"], StringComparer.Ordinal));
    }

    private static Resolution RingDouble(Context c)
    {
        double lx = c.Setting("length_x") ?? 0.01, ly = c.Setting("length_y") ?? 0.01;
        string bend = BendCell(c);
        var bottom = Inner(c, "bottom", "coupler_ring", RingCouplerSettings(c, lx));
        var top = Inner(c, "top", "coupler_ring", RingCouplerSettings(c, lx));
        bottom.TextSettings["bend"] = bend;
        top.TextSettings["bend"] = bend;
        var sub = Sub(c, "ring_double",
        [bottom, top, Inner(c, "sl", "straight", new() { ["length"] = ly }), Inner(c, "sr", "straight", new() { ["length"] = ly })],
        [("bottom,o2", "sl,o1"), ("sl,o2", "top,o3"), ("top,o2", "sr,o1"), ("sr,o2", "bottom,o3")],
        [("o1", "bottom,o1"), ("o2", "bottom,o4"), ("o3", "top,o4"), ("o4", "top,o1")]);
        return new(null, sub, new(["radius", "length_x", "length_y", "bend"], StringComparer.Ordinal));
    }

    private static Resolution Mzi(Context c)
    {
        double dl = c.Setting("delta_length") ?? 10.0, ly = c.Setting("length_y") ?? 2.0, lx = c.Setting("length_x") ?? 0.1;
        string bend = BendCell(c);
        string splitter = c.Text("splitter") is { Length: > 0 } sp ? sp : "mmi1x2";
        string combiner = c.Text("combiner") is { Length: > 0 } cb ? cb : splitter;
        // Which splitter and combiner ports the arms use (gdsfactory's port_e1_* top arm, port_e0_* bottom arm).
        string s1 = c.Text("port_e1_splitter") ?? "o2", s0 = c.Text("port_e0_splitter") ?? "o3";
        string c1 = c.Text("port_e1_combiner") ?? "o2", c0 = c.Text("port_e0_combiner") ?? "o3";
        var r = new Dictionary<string, double> { ["radius"] = Radius(c) };
        var instances = new List<InstanceSpec> { Inner(c, "splitter", splitter), Inner(c, "combiner", combiner) };
        var links = new List<(string, string)>();
        // Each arm: bend, bend, straight, bend, bend (gdsfactory's length_y up, length_x across, down).
        foreach (var (arm, sPort, cPort, straight) in new[] { ("top", s1, c1, 2 * ly + lx), ("bot", s0, c0, 2 * ly + lx + dl) })
        {
            instances.Add(Inner(c, $"{arm}_b1", bend, new(r)));
            instances.Add(Inner(c, $"{arm}_b2", bend, new(r)));
            instances.Add(Inner(c, $"{arm}_s", "straight", new() { ["length"] = straight }));
            instances.Add(Inner(c, $"{arm}_b3", bend, new(r)));
            instances.Add(Inner(c, $"{arm}_b4", bend, new(r)));
            links.AddRange([($"splitter,{sPort}", $"{arm}_b1,o1"), ($"{arm}_b1,o2", $"{arm}_b2,o1"), ($"{arm}_b2,o2", $"{arm}_s,o1"),
                            ($"{arm}_s,o2", $"{arm}_b3,o1"), ($"{arm}_b3,o2", $"{arm}_b4,o1"), ($"{arm}_b4,o2", $"combiner,{cPort}")]);
        }
        // External ports as gdsfactory renames them: the splitter's free ports in order, then the (mirrored)
        // combiner's free ports in reverse order (mzi1x2_2x2: o1 = cp1,o1, o2 = cp2,o2, o3 = cp2,o1).
        var ports = new List<(string, string)>();
        foreach (var p in FreePorts(splitter, s1, s0)) ports.Add(($"o{ports.Count + 1}", $"splitter,{p}"));
        foreach (var p in FreePorts(combiner, c1, c0).Reverse()) ports.Add(($"o{ports.Count + 1}", $"combiner,{p}"));
        var sub = Sub(c, "mzi", instances, links.ToArray(), ports.ToArray());
        return new(null, sub, new(["delta_length", "length_y", "length_x", "bend", "splitter", "combiner", "radius",
                                   "port_e1_splitter", "port_e0_splitter", "port_e1_combiner", "port_e0_combiner"], StringComparer.Ordinal));
    }

    /// <summary>Ports o1…oN of a splitter cell other than the two the arms use (N from the built-in model, else 3).</summary>
    private static IEnumerable<string> FreePorts(string cell, string a, string b)
    {
        string model = Match(cell) is { } m ? Cells.First(x => x.Info.Cell == m).Info.Target : cell;
        int n = ModelRegistry.TryGet(model, out var info) ? info.Ports.Length : 3;
        return Enumerable.Range(1, n).Select(i => $"o{i}").Where(p => p != a && p != b);
    }

    // ------------------------------------------------------------------ geometry

    /// <summary>
    /// Path length (µm) of gdsfactory's Euler bend (gf.path.euler): a clothoid from straight to the minimum radius over
    /// a fraction p of the angle, a circular arc, and the mirrored clothoid. With <paramref name="arcFloorplan"/>
    /// (gdsfactory's default, use_eff) the curve is scaled so its end points match a circular arc of
    /// <paramref name="radius"/>; otherwise <paramref name="radius"/> is the minimum radius. 90°, p = 0.5, R = 10:
    /// 16.6369 µm (gdsfactory writes info.length 16.637).
    /// </summary>
    public static double EulerLength(double radius, double angleDeg, double p, bool arcFloorplan = true)
    {
        double a = Math.Abs(angleDeg) * Math.PI / 180;
        if (!(a > 0) || !(radius > 0)) return 0;
        if (p <= 0) return radius * a;
        p = Math.Min(p, 1.0);
        double sp = Math.Sqrt(p * a), rp = 1 / sp;               // unit minimum-curvature scale R0 = 1
        double l0 = 2 * sp + rp * a * (1 - p);                   // clothoid + arc + clothoid
        if (!arcFloorplan) return l0 * radius / rp;
        // End point of the half curve: clothoid x = ∫cos(t²/2), y = ∫sin(t²/2) to sp, then the arc to a/2.
        double xp = Simpson(t => Math.Cos(t * t / 2), sp), yp = Simpson(t => Math.Sin(t * t / 2), sp);
        double th = p * a / 2;
        double xm = xp + rp * (Math.Sin(a / 2) - Math.Sin(th)), ym = yp + rp * (Math.Cos(th) - Math.Cos(a / 2));
        // The second half mirrors the first about the bisector: end = M − Rot(a − π)·(xm, −ym).
        double c = Math.Cos(a - Math.PI), s = Math.Sin(a - Math.PI);
        double ex = xm - (c * xm + s * ym), ey = ym - (s * xm - c * ym);
        double reff = Math.Abs(angleDeg - 180) < 1e-3 ? ey / 2 : ey - Math.Tan(a - Math.PI / 2) * ex;
        return l0 * radius / reff;
    }

    /// <summary>Path length (µm) of gdsfactory's bend_s: a cubic Bézier through (0,0), (dx/2,0), (dx/2,dy), (dx,dy).</summary>
    public static double BezierSBendLength(double dx, double dy)
        // B'(t) = 3(1−t)²(P1−P0) + 6(1−t)t(P2−P1) + 3t²(P3−P2) with P1−P0 = (dx/2, 0), P2−P1 = (0, dy), P3−P2 = (dx/2, 0).
        => Simpson(t => Math.Sqrt(Math.Pow(1.5 * dx * ((1 - t) * (1 - t) + t * t), 2) + Math.Pow(6 * (1 - t) * t * dy, 2)), 1.0);

    /// <summary>Composite Simpson over [0, b] with 2000 intervals: error ~1e-14 for these smooth integrands.</summary>
    private static double Simpson(Func<double, double> f, double b)
    {
        const int n = 2000;
        double h = b / n, sum = f(0) + f(b);
        for (int i = 1; i < n; i++) sum += f(i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }

    private static (double, double)? ParsePair(string? text)
    {
        if (text is null) return null;
        var parts = text.Trim('[', ']', '(', ')', ' ').Split(',', StringSplitOptions.TrimEntries);
        return parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double a)
               && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double b) ? (a, b) : null;
    }

    private static string Fmt(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static string At(SourceLocation loc) => loc.ToString() is { Length: > 0 } s ? s + ": " : "";
}
