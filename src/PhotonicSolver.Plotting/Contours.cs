namespace PhotonicSolver.Plotting;

/// <summary>
/// Contour lines of a sampled 2-D function by marching squares, with linear interpolation along cell edges and
/// saddle cells resolved by the cell-centre average. Segments are chained into polylines.
/// </summary>
/// <remarks>
/// On a grid of spacing h, linear interpolation places a contour of a smooth function within O(h²) of the true
/// curve (the interpolation error of a line through two samples), so fine grids give accurate contours.
/// </remarks>
public static class Contours
{
    /// <summary>
    /// Polylines where <paramref name="z"/> crosses <paramref name="level"/>. <paramref name="z"/>[j, i] is the value
    /// at (x[i], y[j]); cells with a NaN corner are skipped. A closed contour ends at its starting point.
    /// </summary>
    public static List<(double X, double Y)[]> Compute(double[] x, double[] y, double[,] z, double level)
    {
        int ny = z.GetLength(0), nx = z.GetLength(1);
        if (x.Length != nx || y.Length != ny)
            throw new ArgumentException($"contour grid: z is {ny}×{nx} but there are {x.Length} x and {y.Length} y values");

        // Each crossing point lives on a grid edge: (0, i, j) from (i,j) to (i+1,j); (1, i, j) from (i,j) to (i,j+1).
        var points = new Dictionary<(int, int, int), (double, double)>();
        var segments = new List<((int, int, int) A, (int, int, int) B)>();

        (int, int, int) Edge(int kind, int i, int j)
        {
            var key = (kind, i, j);
            if (!points.ContainsKey(key))
            {
                double za = z[j, i], zb = kind == 0 ? z[j, i + 1] : z[j + 1, i];
                double t = (level - za) / (zb - za);
                points[key] = kind == 0 ? (x[i] + t * (x[i + 1] - x[i]), y[j]) : (x[i], y[j] + t * (y[j + 1] - y[j]));
            }
            return key;
        }

        for (int j = 0; j + 1 < ny; j++)
        {
            for (int i = 0; i + 1 < nx; i++)
            {
                double z00 = z[j, i], z10 = z[j, i + 1], z11 = z[j + 1, i + 1], z01 = z[j + 1, i];
                if (double.IsNaN(z00) || double.IsNaN(z10) || double.IsNaN(z11) || double.IsNaN(z01)) continue;
                int code = (z00 >= level ? 1 : 0) | (z10 >= level ? 2 : 0) | (z11 >= level ? 4 : 0) | (z01 >= level ? 8 : 0);
                if (code is 0 or 15) continue;
                // Edges of the cell: bottom, right, top, left.
                var bottom = (0, i, j); var right = (1, i + 1, j); var top = (0, i, j + 1); var left = (1, i, j);
                void Seg((int, int, int) a, (int, int, int) b) => segments.Add((Edge(a.Item1, a.Item2, a.Item3), Edge(b.Item1, b.Item2, b.Item3)));
                bool centreAbove = (z00 + z10 + z11 + z01) / 4 >= level;
                switch (code)
                {
                    case 1 or 14: Seg(left, bottom); break;
                    case 2 or 13: Seg(bottom, right); break;
                    case 4 or 11: Seg(right, top); break;
                    case 8 or 7: Seg(top, left); break;
                    case 3 or 12: Seg(left, right); break;
                    case 6 or 9: Seg(bottom, top); break;
                    case 5: // 00 and 11 above
                        if (centreAbove) { Seg(bottom, right); Seg(top, left); } else { Seg(left, bottom); Seg(right, top); }
                        break;
                    case 10: // 10 and 01 above
                        if (centreAbove) { Seg(left, bottom); Seg(right, top); } else { Seg(bottom, right); Seg(top, left); }
                        break;
                }
            }
        }
        return Chain(segments, points);
    }

    private static List<(double X, double Y)[]> Chain(List<((int, int, int) A, (int, int, int) B)> segments,
                                                      Dictionary<(int, int, int), (double, double)> points)
    {
        var byEdge = new Dictionary<(int, int, int), List<int>>();
        for (int s = 0; s < segments.Count; s++)
        {
            foreach (var e in new[] { segments[s].A, segments[s].B })
            {
                if (!byEdge.TryGetValue(e, out var list)) byEdge[e] = list = [];
                list.Add(s);
            }
        }
        var used = new bool[segments.Count];
        var lines = new List<(double X, double Y)[]>();

        (int, int, int)? Next((int, int, int) at, out int seg)
        {
            seg = -1;
            foreach (int s in byEdge[at])
            {
                if (used[s]) continue;
                seg = s;
                return segments[s].A == at ? segments[s].B : segments[s].A;
            }
            return null;
        }

        for (int s = 0; s < segments.Count; s++)
        {
            if (used[s]) continue;
            used[s] = true;
            var chain = new LinkedList<(int, int, int)>([segments[s].A, segments[s].B]);
            while (Next(chain.Last!.Value, out int seg) is { } e) { used[seg] = true; chain.AddLast(e); }
            while (Next(chain.First!.Value, out int seg) is { } e) { used[seg] = true; chain.AddFirst(e); }
            lines.Add(chain.Select(e => points[e]).Select(p => (p.Item1, p.Item2)).ToArray());
        }
        return lines;
    }
}
