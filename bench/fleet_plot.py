"""bench/fleet.py's picture: CPU-seconds per host against the number of hosts, one line per phase and
variant (median over the tries), as a hand-written SVG like bench/plot.py's. The lab's own CPU by
default: the machine's counts every other process of a shared machine too."""

import statistics

COLOURS = {"ping": "#7570b3", "first": "#d95f02", "noop": "#1b9e77", "drift": "#e7298a"}
LABELS = {"ping": "ping play", "first": "site.yml first run", "noop": "no-op re-run", "drift": "re-run after a drift"}
DASHES = ["", "6,3", "2,3", "8,3,2,3"]


METRICS = {"lab_cpu_per_host": "the lab's own CPU-seconds per host (controller and hosts)",
           "cpu_per_host": "the machine's CPU-seconds per host (/proc/stat)"}


def series(rows, metric):
    """{(variant, phase): [(n, median of ``metric``)]}"""
    found = {}
    for row in rows:
        for phase in COLOURS:
            found.setdefault((row["variant"], phase), {}).setdefault(row["n"], []).append(
                row["result"][phase][metric])
    return dict((key, sorted((n, statistics.median(values)) for n, values in points.items()))
                for key, points in found.items())


def write_svg(rows, path, metric="lab_cpu_per_host", width=760, height=440):
    left, right, top, bottom = 70, 260, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    lines = series(rows, metric)
    xs = sorted(set(row["n"] for row in rows)) or [1]
    y_max = max([y for points in lines.values() for _x, y in points] + [1.0]) * 1.1
    x_max = max(xs)

    def px(x):
        return left + plot_w * x / float(x_max)

    def py(y):
        return top + plot_h * (1 - y / y_max)

    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
             'font-size="12">' % (width, height),
             '<rect width="100%" height="100%" fill="white"/>',
             '<text x="%d" y="22" font-size="14">site.yml on N lab hosts: %s</text>' % (left, METRICS[metric]),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, top + plot_h, left + plot_w, top + plot_h),
             '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="black"/>' % (left, top, left, top + plot_h)]
    for x in xs:
        parts.append('<text x="%.1f" y="%d" text-anchor="middle">%d</text>' % (px(x), top + plot_h + 18, x))
    step = max(1, int(y_max / 6) or 1)
    for tick in range(0, int(y_max) + 1, step):
        parts.append('<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>' % (left, py(tick), left + plot_w, py(tick)))
        parts.append('<text x="%d" y="%.1f" text-anchor="end">%d</text>' % (left - 6, py(tick) + 4, tick))
    parts.append('<text x="%d" y="%d" text-anchor="middle">hosts (N)</text>' % (left + plot_w // 2, height - 15))
    parts.append('<text x="18" y="%d" transform="rotate(-90 18 %d)" text-anchor="middle">CPU-seconds per host</text>'
                 % (top + plot_h // 2, top + plot_h // 2))
    variants = sorted(set(variant for variant, _phase in lines))
    legend_y = top + 10
    for (variant, phase), points in sorted(lines.items()):
        colour, dash = COLOURS[phase], DASHES[variants.index(variant) % len(DASHES)]
        if len(points) > 1:
            parts.append('<polyline fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s" points="%s"/>'
                         % (colour, dash, " ".join("%.1f,%.1f" % (px(x), py(y)) for x, y in points)))
        for x, y in points:
            parts.append('<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/>' % (px(x), py(y), colour))
        parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>'
                     % (left + plot_w + 10, legend_y + 6, left + plot_w + 30, legend_y + 6, colour, dash))
        parts.append('<text x="%d" y="%d">%s%s</text>' % (
            left + plot_w + 36, legend_y + 10, LABELS[phase], "" if len(variants) == 1 else " (%s)" % variant))
        legend_y += 20
    parts.append("</svg>")
    with open(path, "w") as handle:
        handle.write("\n".join(parts) + "\n")
    return path
