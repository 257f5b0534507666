"""Benchmark: writing an HTML map of a 500-actor / 12,000-link cooperation graph.

Compares crimekg.viz.render.render_html with the named baseline, pyvis
(``Network.from_nx`` + ``write_html``), on the same synthetic graph
(crimekg.viz.sample.synthetic_graph, fixed seed).  Prints one line per
measurement and the ratio; no thresholds are asserted here.

    /work/venv/bin/python benchmarks/bench_viz.py            # 500 nodes, 12k edges
    /work/venv/bin/python benchmarks/bench_viz.py --nodes 200 --edges 3000 --repeat 3
    /work/venv/bin/python benchmarks/bench_viz.py --browser   # also time opening the page in Chromium
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path


def timed(fn, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def browser_load(path: Path) -> float:
    """Seconds from navigation to the map's first drawing, in headless Chromium."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(path.as_uri())
        while not page.evaluate("!!(window.crimekgView && window.crimekgView.ready)"):
            page.wait_for_timeout(10)
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--edges", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=5, help="warm runs of render_html (median reported)")
    parser.add_argument("--baseline-repeat", type=int, default=1, help="runs of the pyvis baseline")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--browser", action="store_true",
                        help="also time loading the page in headless /usr/bin/chromium until it has drawn")
    args = parser.parse_args()

    import_s, render_mod = timed(__import__, "crimekg.viz.render", fromlist=["render_html"])
    render_html = render_mod.render_html
    from crimekg.viz.sample import synthetic_graph

    G = synthetic_graph(args.nodes, args.edges, seed=0)
    print(f"graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges")
    out_dir = Path(tempfile.mkdtemp(prefix="bench_viz_"))
    cold_s, path = timed(render_html, G, out_dir / "crimekg-cold.html")
    warm = [timed(render_html, G, out_dir / "crimekg.html")[0] for _ in range(args.repeat)]
    ours = statistics.median(warm)
    print(f"crimekg render_html: first call {cold_s:.3f} s (+ import {import_s:.3f} s), "
          f"median of {args.repeat} {ours:.3f} s (min {min(warm):.3f}, max {max(warm):.3f}); "
          f"{Path(path).stat().st_size / 1e6:.2f} MB")

    if args.browser:
        print(f"chromium: page load until drawn {browser_load(Path(path)):.3f} s")
    if args.skip_baseline:
        return
    from pyvis.network import Network

    runs = []
    for i in range(args.baseline_repeat):
        net = Network(cdn_resources="in_line")
        from_nx_s, _ = timed(net.from_nx, G)
        write_s, _ = timed(net.write_html, str(out_dir / f"pyvis-{i}.html"), notebook=False)
        runs.append((from_nx_s, write_s))
    from_nx_s = statistics.median(r[0] for r in runs)
    total_s = statistics.median(r[0] + r[1] for r in runs)
    print(f"pyvis baseline: from_nx {from_nx_s:.3f} s, from_nx + write_html {total_s:.3f} s "
          f"(median of {args.baseline_repeat}); {(out_dir / 'pyvis-0.html').stat().st_size / 1e6:.2f} MB")
    print(f"ratio pyvis(from_nx + write_html) / crimekg(render_html, warm median): {total_s / ours:.1f}x")
    print(f"ratio pyvis(from_nx only) / crimekg(render_html, first call): {from_nx_s / cold_s:.1f}x")
    print(f"files in {out_dir}")


if __name__ == "__main__":
    main()
