#!/usr/bin/env python3
"""How fast `casebook serve` reloads the browser after a save, on a synthetic site.

Writes a site with `casebook bench-site` on tmpfs, starts `casebook serve --verbose` on
it (its output folder on tmpfs too, through TMPDIR), listens to the reload events as a
tab does (`/__casebook/events`), and edits one case several times in three ways: its
body, its title (lists, home page, taxonomies) and one indicator figure (dashboard,
indicator and region pages). For each edit it measures the time from just before the
file is written to the arrival of the `reload` event that names the case's page, and to
the last `reload` event of that rebuild; it also lists the files the edit rewrote and
checks that an unrelated case page was not rewritten. See "Performance" in README.md.

    scripts/serve-bench.py                          # 10,000 cases + 1,000 programs, 7 runs
    scripts/serve-bench.py --cases 1000 --programs 100 --runs 5

Between edits it waits until serve is idle (data files and search index done), so that
each edit starts from the same state; --no-idle measures with the search index still
being made in the background, as happens when an author saves often.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import json
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def say(*args):
    print(*args, file=sys.stderr, flush=True)


class Serve:
    """A running `casebook serve`, its stderr kept line by line."""

    def __init__(self, casebook, site, tmpdir):
        env = dict(os.environ, TMPDIR=str(tmpdir))
        self.proc = subprocess.Popen(
            [casebook, "serve", str(site), "--port", "0", "--verbose"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        self.lines = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_line("Serving ", 900).split(" at ")[1].split(" ")[0]
        self.output = Path(self.wait_line("The site is written to ", 10).split(" to ", 1)[1])

    def _read(self):
        for line in self.proc.stderr:
            with self.lock:
                self.lines.append(line.rstrip("\n"))

    def wait_line(self, text, timeout, start=0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                for line in self.lines[start:]:
                    if text in line:
                        return line
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise SystemExit(f"serve never printed {text!r}; it said:\n" + "\n".join(self.lines))

    def status(self):
        with urllib.request.urlopen(self.url + "__casebook/status", timeout=10) as r:
            return json.load(r)

    def wait_idle(self, timeout=600):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["ok"] and not status["busy"]:
                return status
            time.sleep(0.2)
        raise SystemExit("serve stayed busy")

    def wait_generation(self, above, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["generation"] > above:
                return status
            time.sleep(0.01)
        raise SystemExit("serve never finished the rebuild")

    def stop(self):
        # Ctrl-C: serve removes its output folder.
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Events:
    """The event stream, as a tab reads it; each event with its time of arrival."""

    def __init__(self, url):
        host, port = re.match(r"http://([^:/]+):(\d+)/", url).groups()
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(b"GET /__casebook/events HTTP/1.1\r\nHost: x\r\n\r\n")
        self.events = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.sock.makefile("rb")
        name, data = None, None
        for raw in stream:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data = line[6:]
            elif line == "" and name:
                with self.lock:
                    self.events.append((time.perf_counter(), name, data))
                name, data = None, None

    def since(self, t0):
        with self.lock:
            return [e for e in self.events if e[0] >= t0]


def files_since(folder, wall_ns):
    """Files in `folder` modified at or after `wall_ns`."""
    found = []
    for dirpath, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(dirpath, name)
            if os.stat(path).st_mtime_ns >= wall_ns:
                found.append(os.path.relpath(path, folder))
    return sorted(found)


def pick_cases(site):
    """The case to edit (one that reports villages-benefiting) and an unrelated one, in
    another province and with no theme, tag or program in common."""
    cases = sorted((site / "content/cases").glob("*.md"))

    def facts(path):
        text = path.read_text()
        region = re.search(r'^region = "([^"]+)"', text, re.M).group(1)
        themes = set(re.findall(r'"([^"]+)"', re.search(r"^themes = \[(.*)\]", text, re.M).group(1)))
        tags = re.search(r"^tags = \[(.*)\]", text, re.M)
        tags = set(re.findall(r'"([^"]+)"', tags.group(1))) if tags else set()
        programs = re.search(r"^programs = \[(.*)\]", text, re.M)
        programs = set(re.findall(r'"([^"]+)"', programs.group(1))) if programs else set()
        return region.split("/")[0], themes, tags, programs

    edited = next(p for p in cases if 'key = "villages-benefiting"' in p.read_text())
    province, themes, tags, programs = facts(edited)
    for other in cases:
        p2, t2, g2, r2 = facts(other)
        if p2 != province and not (themes & t2) and not (tags & g2) and not (programs & r2):
            return edited, other
    raise SystemExit("no unrelated case found")


def edits(original):
    """The three kinds of edit: run n's text of the case file."""
    head, sep, body = original.partition("\n+++\n")
    assert sep, "the case file has no front matter end"

    def body_edit(n):
        return f"{head}{sep}{body.rstrip()}\n\nEdited for the serve benchmark, run {n}.\n"

    def title_edit(n):
        return re.sub(r'^(title = ".*)"$', rf'\1 (edit {n})"', original, count=1, flags=re.M)

    def figure_edit(n):
        pattern = r'(key = "villages-benefiting"\nvalue = )[^\n]+'
        assert re.search(pattern, original), "no villages-benefiting figure"
        return re.sub(pattern, rf"\g<1>{40 + n}", original, count=1)

    return [("body", body_edit), ("title", title_edit), ("figure", figure_edit)]


def restore(serve, path, text, no_idle):
    status = serve.status() if no_idle else serve.wait_idle()
    log_start = len(serve.lines)
    path.write_text(text)
    serve.wait_generation(status["generation"])
    serve.wait_line("Rebuilt after ", 30, log_start)


def ms(seconds):
    return seconds * 1000.0


def summary(values):
    if not values:
        return "n/a"
    return f"{statistics.median(values):.0f} ({min(values):.0f}–{max(values):.0f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--programs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7, help="edits of each kind")
    parser.add_argument("--tmpfs", default="/dev/shm/casebook-serve-bench",
                        help="folder (on tmpfs) for the site and serve's output; replaced")
    parser.add_argument("--casebook", help="a casebook binary (default: cargo build --release)")
    parser.add_argument("--no-idle", action="store_true",
                        help="do not wait for the search index between edits")
    args = parser.parse_args()

    casebook = args.casebook
    if not casebook:
        say("building casebook (release)…")
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        casebook = str(ROOT / "target/release/casebook")
    tmpfs = Path(args.tmpfs)
    shutil.rmtree(tmpfs, ignore_errors=True)
    site, out = tmpfs / "site", tmpfs / "out"
    out.mkdir(parents=True)
    subprocess.run([casebook, "bench-site", "--cases", str(args.cases), "--programs",
                    str(args.programs), "-o", str(site)], check=True,
                   stdout=subprocess.DEVNULL)
    edited, other = pick_cases(site)
    page = f"/cases/{edited.stem}/"
    other_page = f"cases/{other.stem}/index.html"
    say(f"site: {args.cases} cases, {args.programs} programs in {site}")
    say(f"edited: {edited.name} ({page}); unrelated: {other.name}")

    started = time.monotonic()
    serve = Serve(casebook, site, out)
    full = serve.wait_line("Built ", 10)
    say(f"serving at {serve.url} after {time.monotonic() - started:.0f} s: {full}")
    status = serve.wait_idle()
    events = Events(serve.url)
    time.sleep(0.5)
    other_stat = os.stat(serve.output / other_page)
    load_before = os.getloadavg()

    original = edited.read_text()
    rows = []
    failures = []
    for kind, make in edits(original):
        first, last, rendered, written, server_ms, rewritten = [], [], [], [], [], []
        steps = []
        for n in range(1, args.runs + 1):
            status = serve.status() if args.no_idle else serve.wait_idle()
            time.sleep(0.2)
            generation = status["generation"]
            log_start = len(serve.lines)
            text = make(n)
            wall = time.time_ns()
            t0 = time.perf_counter()
            with open(edited, "w") as f:
                f.write(text)
            serve.wait_generation(generation)
            # Printed once the rebuild's last reload event is sent.
            line = serve.wait_line("Rebuilt after ", 30, log_start)
            time.sleep(0.05)
            reloads = [e for e in events.since(t0) if e[1] == "reload"]
            own = [e for e in reloads
                   if json.loads(e[2]).get("all") or page in json.loads(e[2]).get("paths", [])]
            if not own:
                failures.append(f"{kind} {n}: no reload for {page}: {reloads}")
                continue
            first.append(ms(own[0][0] - t0))
            last.append(ms(reloads[-1][0] - t0))
            m = re.search(r"(\d+) pages rendered, (\d+) files written; reload sent (\d+) ms", line)
            rendered.append(int(m.group(1)))
            written.append(int(m.group(2)))
            server_ms.append(int(m.group(3)))
            steps.append(serve.wait_line("  steps: ", 10, log_start).strip())
            if not args.no_idle:
                serve.wait_idle()
                rewritten.append(files_since(serve.output, wall))
        say(f"{kind}: edited-page reload {summary(first)} ms, last reload {summary(last)} ms")
        for s in steps:
            say(f"  {s}")
        if rewritten:
            pages = [[p for p in r if p.endswith(".html")] for r in rewritten]
            say(f"  HTML pages rewritten per edit: {summary([len(p) for p in pages])}; "
                f"the last edit's: {', '.join(pages[-1])}")
            others = [[p for p in r if not p.endswith(".html")] for r in rewritten]
            say(f"  other files rewritten per edit (data, feeds, sitemap, search index): "
                f"{summary([len(o) for o in others])}")
        # Back to the original text, unmeasured, so that each kind starts from it.
        restore(serve, edited, original, args.no_idle)
        rows.append((kind, first, last, server_ms, rendered, written))

    # The unrelated page was never rewritten.
    after = os.stat(serve.output / other_page)
    unchanged = after.st_mtime_ns == other_stat.st_mtime_ns and after.st_ino == other_stat.st_ino
    load_after = os.getloadavg()
    serve.stop()

    print(f"\n{args.cases} cases + {args.programs} programs, {args.runs} edits of each kind; "
          f"milliseconds from the write to the event, median (min–max)\n")
    print("| edit | reload of the edited page | last reload | serve's own figure "
          "| pages rendered | files written |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for kind, first, last, server_ms, rendered, written in rows:
        print(f"| {kind} | {summary(first)} | {summary(last)} | {summary(server_ms)} "
              f"| {summary(rendered)} | {summary(written)} |")
    print(f"\nunrelated page {other_page} not rewritten: {'yes' if unchanged else 'NO'}")
    print(f"load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f}")
    for failure in failures:
        print(f"FAILED: {failure}")
    shutil.rmtree(tmpfs, ignore_errors=True)
    return 1 if failures or not unchanged else 0


if __name__ == "__main__":
    sys.exit(main())
