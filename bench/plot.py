"""A line chart of the benchmark: PNG with matplotlib when installed, else a hand-written SVG."""

import math
import os

SERIES = (("hand_batched", "hand-batched script", "#1b9e77"), ("seed_style", "seed style (process per step)", "#d95f02"),
          ("topology_first", "topology module (src)", "#7570b3"), ("topology_rerun", "topology re-run", "#e7298a"),
          ("inline_first", "topology module (inline lists)", "#e6ab02"),
          ("single_modules", "single modules in loops", "#66a61e"))


def write(rows, out):
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return write_svg(rows, os.path.join(out, "bench.svg"))
    return write_png(rows, os.path.join(out, "bench.png"))


def write_png(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axis = plt.subplots(figsize=(8, 5))
    for key, label, colour in SERIES:
        points = [(row["n"], row[key]) for row in rows if key in row]
        if points:
            axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label, color=colour)
    axis.set_xlabel("namespaces (N)")
    axis.set_yscale("log")  # 0.4 s to 300 s in one picture
    axis.set_ylabel("seconds (log scale)")
    axis.set_title("Building N namespaces with a veth, addresses and an OVS port each")
    axis.legend()
    fig.savefig(path, dpi=100)
    return path


def write_svg(rows, path, width=760, height=440):
    left, right, top, bottom = 70, 250, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    xs = sorted(set(row["n"] for row in rows))
    values = [row[key] for row in rows for key, _l, _c in SERIES if row.get(key)] or [1.0]
    # log scale: the variants span 0.4 s to minutes; whole decades from below the least to above the most
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    high = max(high, low + 1)
    x_max = max(xs) if xs else 1

    def px(x):
        return left + plot_w * x / float(x_max)

    def py(y):
        return top + plot_h * (1 - (math.log10(y) - low) / float(high - low))

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
             'font-size="12">' % (width, height),
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="%d" y="22" font-size="14">Building N namespaces (veth, 2 addresses, lo up, OVS port each)'
             '</text>' % left,
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, top + plot_h, left + plot_w, top + plot_h),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, top, left, top + plot_h)]
    for x in xs:
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (px(x), top + plot_h + 18, x))
    for decade in range(low, high + 1):
        y = 10.0 ** decade
        parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (left, py(y), left + plot_w, py(y)))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%g</text>' % (left - 6, py(y) + 4, y))
    parts.append('<text x="%d" y="%d" text-anchor="middle">namespaces (N)</text>' % (left + plot_w // 2, height - 15))
    parts.append('<text x="18" y="%d" transform="rotate(-90 18 %d)" text-anchor="middle">seconds (log scale)</text>'
                 % (top + plot_h // 2, top + plot_h // 2))
    legend_y = top + 10
    for key, label, colour in SERIES:
        points = [(row["n"], row[key]) for row in rows if row.get(key)]
        if not points:
            continue
        if len(points) > 1:
            parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                         % (colour, " ".join("%.1f,%.1f" % (px(x), py(y)) for x, y in points)))
        for x, y in points:
            parts.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>' % (px(x), py(y), colour))
        parts.append('<rect x="%d" y="%d" width="12" height="12" fill="%s"/>' % (left + plot_w + 15, legend_y, colour))
        parts.append('<text x="%d" y="%d">%s</text>' % (left + plot_w + 32, legend_y + 10, label))
        legend_y += 22
    parts.append("</svg>")
    with open(path, "w") as handle:
        handle.write("\n".join(parts) + "\n")
    return path
