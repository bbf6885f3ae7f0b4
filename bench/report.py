#!/usr/bin/python3
"""Turns bench/run's raw results into Markdown tables, prints them and writes them to OUT.

  report.py MACHINE_TSV RESULTS_TSV OUT [--require-every-cell]

RESULTS_TSV has one line per measurement: system, groups, key, and `name=value` pairs as printed
by the wrk scripts and probe.py. With --require-every-cell, exits 1 if any cell has no number.
"""
import sys
from collections import defaultdict

SYSTEMS = [
    ("go-checked", "Go Pushgateway"),
    ("go-unchecked", "Go Pushgateway, check off"),
    ("node", "node"),
    ("cluster", "3-node cluster"),
]
MISSING = "—"
NONE_COMPLETED = "none completed"


def parse(value):
    if value == "failed":
        return None
    pairs = {}
    for word in value.split():
        name, _, v = word.partition("=")
        pairs[name] = v
    return pairs


def load(path):
    results = defaultdict(dict)
    for line in open(path, encoding="utf-8"):
        system, size, key, value = line.rstrip("\n").split("\t", 3)
        results[(system, int(size))][key] = value if key == "note" else parse(value)
    return results


def number(text, digits=0):
    v = float(text)
    return f"{v:,.{digits}f}"


def ms(text):
    v = float(text)
    return f"{v:.2f}" if v < 10 else f"{v:.1f}" if v < 100 else f"{v:,.0f}"


def rate_cell(r):
    if not r or int(r["requests"]) == 0:
        return MISSING if not r else NONE_COMPLETED
    cell = f"{number(r['rps'])}/s · {ms(r['p50_ms'])} / {ms(r['p99_ms'])} ms"
    if int(r["errors"]):
        cell += f" ({r['errors']} errors)"
    return cell


def size_cell(bytes_text):
    b = int(bytes_text)
    return f"{b / 1e6:.2f} MB" if b >= 1e5 else f"{b / 1e3:.1f} kB"


class Table:
    def __init__(self, title, header, explanation):
        self.title, self.header, self.explanation, self.rows = title, header, explanation, []

    def add(self, cells):
        self.rows.append(cells)

    def markdown(self):
        lines = [f"### {self.title}", "", self.explanation, "",
                 "| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines) + "\n"


def main(args):
    machine_path, results_path, out = args[:3]
    strict = "--require-every-cell" in args[3:]
    machine = dict(line.rstrip("\n").split("\t", 1) for line in open(machine_path, encoding="utf-8"))
    results = load(results_path)
    sizes = sorted({size for _, size in results})

    pushes = Table("Pushes", ["System", "Groups", "PUT, existing group", "POST, existing group",
                              "PUT, new group", "POST, new group"],
                   "Ten series per push. Pushes per second · p50 / p99 latency.")
    scrapes = Table("Scrapes of the whole store", ["System", "Groups", "Prometheus' headers (gzip)",
                                                   "Text, uncompressed", "Protobuf, gzip", "Protobuf, uncompressed",
                                                   "Text size", "Gzip size", "Protobuf size"],
                    "`GET /metrics`. Prometheus' headers: its default `Accept` (OpenMetrics preferred, "
                    "text 0.0.4 served by both) and `Accept-Encoding: gzip`; uncompressed: the same "
                    "`Accept` without gzip. Protobuf: the delimited format's `Accept`. Scrapes per "
                    "second · p50 / p99 latency.")
    contention = Table("Pushes while two clients scrape with gzip", ["System", "Groups", "PUT alone",
                                                                     "PUT while scraped", "Ratio",
                                                                     "The scrapes meanwhile",
                                                                     "Prometheus scrape_duration_seconds"],
                       "The PUT load of the pushes table while two more connections scrape in a loop "
                       "with Prometheus' headers. Ratio: pushes per second while scraped over alone. "
                       "Last column: a real Prometheus (default scrape settings but a 5 s interval) "
                       "scraping the store alone, p50 / max over its scrapes.")
    memory = Table("Memory", ["System", "Groups", "Series", "Heap per series", "Heap", "RSS"],
                   "After the existing-group pushes. Heap per series: heap in use after a full GC "
                   "(`jcmd <pid> GC.run`, then `jvm_memory_used_bytes{area=\"heap\"}` from "
                   "`/metrics/node`) minus the same for the empty node, divided by the series of "
                   "the stored groups in the scrape (ten pushed plus `push_time_seconds` and "
                   "`push_failure_time_seconds`). Cluster: per node.")
    cluster = Table("Cluster", ["Groups", "Push → visible on another node, p50 / p99",
                                "`kill -9` → survivors serve every group", "`kill -9` → survivors accept pushes"],
                    "A push answered 2xx by one node, then scrapes of another until the value shows; "
                    "the delay is the one the other node measured for that change, from its arrival "
                    "at the first node (before the 2xx) to its arrival in the other node's replica. "
                    "In brackets: 2xx to the end of the first scrape showing it (includes a scrape "
                    "of the whole store). "
                    "Then one node is killed; the survivors are scraped and pushed to until they "
                    "serve every group and accept pushes to 32 groups spread over all partitions.")
    stalls = Table("Stalls", ["System", "Groups", "Blocked-thread warnings", "Longest GC pause",
                              "GC pauses over 200 ms"],
                   "Over the whole run of that size, the nodes' logs: warnings of Vert.x's blocked-thread "
                   "checker at 200 ms (an event loop on one task that long; a GC pause stops every loop "
                   "and shows as one too), and the GC's pauses (`-Xlog:gc`; not the full GC the run asks for to measure the heap). "
                   "Cluster: the three nodes together.")
    preload = Table("Preload", ["System", "Groups", "Groups stored", "Preload time", "Notes"],
                    "Each group PUT once by wrk (16 connections) before the loads.")
    missing = []

    def check(cell, what):
        if cell in (MISSING, NONE_COMPLETED):
            missing.append(what)
        return cell

    # Rows of one system together, so that each table shows how its cost grows with the store.
    for system, label in SYSTEMS:
        for size in sizes:
            r = results.get((system, size))
            if r is None:
                continue
            where = f"{label} at {size}"
            note = r.get("note", "")
            skipped = note.startswith("skipped") or note.endswith("failed")
            if skipped:
                missing.append(f"{where}: {note}")
            row = [label, f"{size:,}"]
            for key in ("put_existing", "post_existing", "put_new", "post_new"):
                row.append(check(rate_cell(r.get(key)), f"{where}: {key}") if not skipped else note)
            pushes.add(row)
            sizes_of = r.get("scrape_size")
            row = [label, f"{size:,}"]
            for key in ("scrape_text_gzip", "scrape_text", "scrape_protobuf_gzip", "scrape_protobuf"):
                row.append(check(rate_cell(r.get(key)), f"{where}: {key}") if not skipped else note)
            row += [size_cell(sizes_of[k]) if k in sizes_of else MISSING for k in ("text", "text_gzip", "protobuf")] \
                if sizes_of else [MISSING] * 3
            scrapes.add(row)
            if not skipped:
                alone, scraped = r.get("put_existing"), r.get("put_while_scraping")
                ratio = f"{float(scraped['rps']) / float(alone['rps']):.0%}" \
                    if alone and scraped and float(alone["rps"]) > 0 else MISSING
                prom = r.get("prometheus")
                contention.add([label, f"{size:,}", rate_cell(alone),
                                check(rate_cell(scraped), f"{where}: put_while_scraping"), ratio,
                                rate_cell(r.get("scrapes_while_pushing")),
                                f"{ms(prom['p50_ms'])} / {ms(prom['max_ms'])} ms" if prom else MISSING])
            m = r.get("memory")
            if m:
                per = m.get("heap_per_series")
                memory.add([label, f"{size:,}", number(m["series"]),
                            (per.replace("/", " / ") + " B") if per else "n/a (Go)",
                            (m["heap_mb"].replace("/", " / ") + " MB") if per else "n/a (Go)",
                            m["rss_mb"].replace("/", " / ") + " MB"])
            elif not skipped:
                check(MISSING, f"{where}: memory")
            st = r.get("stalls")
            if st:
                stalls.add([label, f"{size:,}", st["blocked_warnings"], f"{st['max_gc_pause_ms']} ms",
                            st["gc_pauses_over_200ms"]])
            p = r.get("preload")
            preload.add([label, f"{size:,}", number(p["groups"]) if p else MISSING,
                         f"{p['seconds']} s" if p else MISSING, note])
            if system == "cluster" and not skipped:
                v, f = r.get("visibility"), r.get("failover")
                cluster.add([f"{size:,}",
                             check(f"{ms(v['p50_ms'])} / {ms(v['p99_ms'])} ms ({ms(v['scrape_bound_p50_ms'])} / "
                                   f"{ms(v['scrape_bound_p99_ms'])} ms)"
                                   if v else MISSING, f"{where}: visibility"),
                             check(f"{float(f['complete_s']):.2f} s" if f else MISSING, f"{where}: failover"),
                             f"{float(f['writable_s']):.2f} s" if f else MISSING])

    smoke = "SMOKE RUN" in machine.get("run", "")
    parts = ["# Benchmark results" + (" — smoke run, not results" if smoke else ""), ""]
    if smoke:
        parts += ["A smoke run of `bench/run --smoke`: tiny store, one second per load, on whatever "
                  "else the machine was doing. It shows that every step works; its numbers mean "
                  "nothing.", ""]
    parts += [f"- Date: {machine['date']}", f"- Machine: {machine['machine']}",
              f"- Go Pushgateway: {machine['go']}", f"- Pushgateway Cluster: {machine['node']}",
              f"- JDK: {machine['jdk']}", f"- wrk: {machine['wrk']}", f"- Run: {machine['run']}", ""]
    for table in (pushes, scrapes, contention, memory, cluster, stalls, preload):
        if table.rows:
            parts.append(table.markdown())
    text = "\n".join(parts)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    if strict and missing:
        sys.exit("cells without a number: " + "; ".join(missing))


if __name__ == "__main__":
    main(sys.argv[1:])
