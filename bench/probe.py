#!/usr/bin/python3
"""Measurements of bench/run that wrk cannot make. Each prints one `BENCH key=value ...` line.

  probe.py count URL JOB                          groups of JOB in URL's /metrics
  probe.py visibility WRITE_URL READ_URL COUNT    delay from a push's 2xx on one node to its visibility on another
  probe.py failover PID JOB GROUPS URL...         kill -9 PID, then time until every URL serves all GROUPS
                                                  groups of JOB again, and until each accepts pushes again
"""
import os
import random
import re
import signal
import sys
import threading
import time
import urllib.error
import urllib.request

TIMEOUT = 60


def scrape(url):
    with urllib.request.urlopen(url + "/metrics", timeout=TIMEOUT) as response:
        return response.read()


def count_groups(url, job):
    pattern = re.compile(rb'^push_time_seconds\{[^\n]*\bjob="' + re.escape(job.encode()) + rb'"', re.M)
    return len(pattern.findall(scrape(url)))


def push(url, path, body):
    request = urllib.request.Request(url + path, data=body.encode(), method="PUT",
                                     headers={"Content-Type": "text/plain; version=0.0.4"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def replica_lag_ms(url):
    """The lag the node measured for the last change it took from another node: from the moment
    the change arrived at that node to the moment it was in this node's replica."""
    with urllib.request.urlopen(url + "/metrics/node", timeout=TIMEOUT) as response:
        text = response.read().decode()
    match = re.search(r"^pushgateway_cluster_replica_lag_seconds (\S+)$", text, re.M)
    if not match:
        sys.exit("%s/metrics/node has no pushgateway_cluster_replica_lag_seconds" % url)
    return float(match.group(1)) * 1000


def visibility(write_url, read_url, count):
    """For each probe: a push answered 2xx by WRITE_URL, then scrapes of READ_URL until the value
    shows. The delay reported is what READ_URL measured itself for that change (it is the last
    change it took: nothing else is pushed meanwhile), from its arrival at WRITE_URL, so before the
    2xx, to its arrival in READ_URL's replica: an upper bound of push-to-visibility. The time from
    the 2xx to the end of the first scrape showing the value is printed too (scrape_bound); it
    includes a whole scrape of the store."""
    delays, bounds, scrape_ms = [], [], []
    # Short decimals, so that every gateway prints them exactly as pushed; unique per probe and run.
    run = random.randint(1, 99999)
    for i in range(count):
        value = "%d.%d1" % (run, i)
        status = push(write_url, "/metrics/job/bench_probe", "bench_visibility_probe %s\n" % value)
        if status // 100 != 2:
            sys.exit("push to %s answered %d" % (write_url, status))
        acked = time.monotonic()
        needle = ("bench_visibility_probe{instance=\"\",job=\"bench_probe\"} %s\n" % value).encode()
        while True:
            started = time.monotonic()
            body = scrape(read_url)
            ended = time.monotonic()
            scrape_ms.append((ended - started) * 1000)
            if needle in body:
                bounds.append((ended - acked) * 1000)
                delays.append(replica_lag_ms(read_url))
                break
            if ended - acked > TIMEOUT:
                sys.exit("push %s not visible on %s after %ds" % (value, read_url, TIMEOUT))
    print("BENCH probes=%d p50_ms=%.3f p99_ms=%.3f scrape_bound_p50_ms=%.3f scrape_bound_p99_ms=%.3f scrape_p50_ms=%.3f"
          % (count, percentile(delays, 50), percentile(delays, 99), percentile(bounds, 50), percentile(bounds, 99),
             percentile(scrape_ms, 50)))


def failover(pid, job, groups, urls):
    """Each survivor is watched by two threads, so that a push waiting for the cluster does not
    delay noticing that the scrape is already complete."""
    results = {}

    def watch(name, url, done):
        while time.monotonic() - killed < 300:
            try:
                if done(url):
                    results[(name, url)] = time.monotonic() - killed
                    return
            except OSError:
                pass
            time.sleep(0.05)

    watchers = []
    for url in urls:
        watchers.append(threading.Thread(target=watch, args=("complete", url, lambda u: count_groups(u, job) == groups)))
        watchers.append(threading.Thread(target=watch, args=("writable", url, all_pushes_accepted)))
    killed = time.monotonic()
    os.kill(pid, signal.SIGKILL)
    for watcher in watchers:
        watcher.start()
    for watcher in watchers:
        watcher.join()
    if len(results) < len(watchers):
        sys.exit("survivors not complete and writable 300s after the kill: %s" % results)
    complete = max(t for (name, _), t in results.items() if name == "complete")
    writable = max(t for (name, _), t in results.items() if name == "writable")
    print("BENCH complete_s=%.3f writable_s=%.3f" % (complete, writable))


def all_pushes_accepted(url):
    """Pushes to 32 groups, which land on partitions owned by every member, dead or alive."""
    for i in range(32):
        if push(url, "/metrics/job/bench_failover/instance/g%d" % i, "bench_failover_probe 1\n") // 100 != 2:
            return False
    return True


def main(args):
    if args[:1] == ["count"] and len(args) == 3:
        print("BENCH groups=%d" % count_groups(args[1], args[2]))
    elif args[:1] == ["visibility"] and len(args) == 4:
        visibility(args[1], args[2], int(args[3]))
    elif args[:1] == ["failover"] and len(args) >= 5:
        failover(int(args[1]), args[2], int(args[3]), args[4:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
