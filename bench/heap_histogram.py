#!/usr/bin/env python3
"""Where a node's heap goes per stored series: starts a single node, fills it with GROUPS groups of
ten series (the body bench/run pushes), and diffs `jcmd GC.class_histogram` (which runs a full GC
first) of the full node against the empty one. Prints the heap per series and the classes that
hold it, as a Markdown table.

    bench/heap_histogram.py node/target/pushgateway-cluster.jar [GROUPS] [JVM_OPTION...]

The node listens on 127.0.0.1:19491, or on the port in HEAP_HISTOGRAM_PORT (to run two at once).
"""
import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request

PORT = int(os.environ.get("HEAP_HISTOGRAM_PORT", "19491"))


def body():
    return "".join('bench_metric_%d{kind="k%d"} %d\n' % (i, i, i) for i in range(1, 11)).encode()


def histogram(pid):
    out = subprocess.run(["jcmd", str(pid), "GC.class_histogram"], capture_output=True, text=True, check=True).stdout
    classes = {}
    for line in out.splitlines():
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            classes[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return classes


def push_all(groups, threads=4):
    def worker(t):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        for i in range(t, groups, threads):
            conn.request("PUT", "/metrics/job/bench/instance/i%d" % i, body(), {"Content-Type": "text/plain; version=0.0.4"})
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit("push %d answered %d" % (i, r.status))
    ts = [threading.Thread(target=worker, args=(t,)) for t in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def main():
    jar = sys.argv[1]
    groups = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    jvm = sys.argv[3:] or ["-Xmx2g"]
    node = subprocess.Popen(["java", *jvm, "-jar", jar, "--web.listen-address=127.0.0.1:%d" % PORT],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                if urllib.request.urlopen("http://127.0.0.1:%d/-/ready" % PORT, timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        empty = histogram(node.pid)
        push_all(groups)
        urllib.request.urlopen("http://127.0.0.1:%d/metrics" % PORT, timeout=120).read()
        full = histogram(node.pid)
    finally:
        node.kill()
        node.wait()
    series = groups * 12  # ten pushed plus push_time_seconds and push_failure_time_seconds, as bench/run counts
    delta = {name: (full.get(name, (0, 0))[0] - empty.get(name, (0, 0))[0],
                    full.get(name, (0, 0))[1] - empty.get(name, (0, 0))[1]) for name in full}
    total = sum(d[1] for d in delta.values())
    print("%d groups, %d series (%d pushed): %.0f bytes of heap per series (%.0f per pushed series), %.1f MB in all"
          % (groups, series, groups * 10, total / series, total / (groups * 10), total / 1e6))
    print()
    print("| Class | Instances per group | Bytes per series | Share |")
    print("|---|---|---|---|")
    for name, (count, size) in sorted(delta.items(), key=lambda e: -e[1][1])[:20]:
        print("| `%s` | %.1f | %.0f | %.0f%% |" % (name, count / groups, size / series, 100.0 * size / total))


if __name__ == "__main__":
    main()
