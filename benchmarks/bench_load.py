"""Many readers at once: concurrent sessions against one real server, at the websocket level.

For one plan (its own process): start the app (tests/browser/helpers.start_server, with the
repository's .streamlit/config.toml), then

1. idle: the server's resident memory (RSS, /proc) before anyone has connected;
2. warm-up: one reader opens the board overview, a KPI page and the off-track page, so the plan,
   the data and every status are in the shared cache (RSS again: the plan's own memory);
3. the readers: ``sessions`` sessions connect, then start together (or spread over ``ramp``
   seconds) and each opens the board overview, a KPI page (a different KPI each) and the
   off-track page, one after another, pausing ``think`` seconds between pages (none by default:
   every reader clicks as soon as the page is there);
4. RSS once every reader is done, with every session still connected; per session =
   (after - warm-up) / sessions. The server's CPU time over the run, per page drawn.

Throughout step 3, a separate process asks ``/_stcore/health`` every 100 ms (timeout 10 s) and
keeps each answer's time: a load balancer's health check must not time out while pages are drawn.

A page counts as drawn when the server has sent all of it: the websocket has carried the run's
``script_finished`` (finished successfully; an exception element or a missing page is an
error). The reader's own browser then lays the page out on its own machine (``make bench``'s
browser section times that for one reader). Each session speaks Streamlit's protocol as the
frontend does (``BackMsg.rerun_script`` with the page's URL path and query string,
``ForwardMsg``s back), so 50 readers cost the server what 50 browsers cost it, without 50
Chromiums competing with the server for the machine's cores.

    python -m benchmarks.bench_load --targets T --data D --as-of YYYY-MM-DD --metric ID
        [--sessions 50] [--ramp 0] [--think 0] [--label name]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import statistics
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.common import emit

SESSIONS = 50
HEALTH_EVERY_S = 0.1
HEALTH_TIMEOUT_S = 10.0
PAGE_TIMEOUT_S = 300.0


# -- the server process -----------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    """Resident memory of the server process (streamlit run is one process)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """CPU time (user + system) the server process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the health check, from its own process ---------------------------------------------------


def _poll_health(url: str, stop, results) -> None:
    """Ask the health check until ``stop`` is set; put [(time.time() asked, latency, ok)] on ``results``."""
    out = []
    while not stop.is_set():
        asked, t0 = time.time(), time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=HEALTH_TIMEOUT_S) as resp:
                ok = resp.status == 200 and resp.read().strip() == b"ok"
        except (urllib.error.URLError, OSError, ValueError):
            ok = False
        t1 = time.perf_counter()
        out.append((asked, round(t1 - t0, 4), ok))
        stop.wait(max(0.0, HEALTH_EVERY_S - (t1 - t0)))
    results.put(out)


class HealthProbe:
    """``with HealthProbe(base_url) as probe: ...; probe.answers()``: the health check, asked from another process."""

    def __init__(self, base_url: str):
        ctx = multiprocessing.get_context("spawn")
        self._stop = ctx.Event()
        self._results = ctx.Queue()
        self._process = ctx.Process(target=_poll_health, args=(f"{base_url}/_stcore/health", self._stop, self._results), daemon=True)

    def __enter__(self) -> "HealthProbe":
        self._process.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()

    def answers(self) -> list[tuple[float, float, bool]]:
        self._stop.set()
        out = self._results.get(timeout=HEALTH_TIMEOUT_S + 30)
        self._process.join(timeout=10)
        return out


# -- one reader, at the websocket level ---------------------------------------------------------


class PageFailed(RuntimeError):
    pass


async def open_page(ws, page_name: str, query: str) -> tuple[float, int]:
    """Ask for a page as the frontend does; (seconds until all of it has arrived, bytes received)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page_name
    received = 0
    start = time.perf_counter()
    await ws.send(msg.SerializeToString())
    what = f"{page_name or 'overview'}{'?' + query if query else ''}"
    while True:
        data = await asyncio.wait_for(ws.recv(), PAGE_TIMEOUT_S)
        received += len(data)
        forward = ForwardMsg()
        forward.ParseFromString(data)
        kind = forward.WhichOneof("type")
        if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            if forward.delta.new_element.WhichOneof("type") == "exception":
                raise PageFailed(f"{what}: exception: {forward.delta.new_element.exception.message[:200]}")
        elif kind == "page_not_found":
            raise PageFailed(f"{what}: page not found")
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
            if status == "FINISHED_SUCCESSFULLY":
                return time.perf_counter() - start, received
            if status != "FINISHED_EARLY_FOR_RERUN":
                raise PageFailed(f"{what}: {status}")


def tour(metrics: list[str], i: int) -> list[tuple[str, str]]:
    """What reader ``i`` opens: the overview, one KPI (a different one each), the off-track list."""
    return [("", ""), ("kpi", f"metric={metrics[i % len(metrics)]}"), ("off-track", "")]


async def reader(ws_url: str, pages: list[tuple[str, str]], delay: float, think: float, go: asyncio.Event, connected: list, done: list, release: asyncio.Event) -> list[dict]:
    import websockets

    out = []
    async with websockets.connect(ws_url, subprotocols=["streamlit"], max_size=None, compression=None, open_timeout=120, ping_interval=None, close_timeout=1) as ws:
        connected.append(1)
        await go.wait()
        await asyncio.sleep(delay)
        for n, (page_name, query) in enumerate(pages):
            if n and think:
                await asyncio.sleep(think)
            name = page_name or "overview"
            try:
                seconds, size = await open_page(ws, page_name, query)
                out.append({"page": name, "s": seconds, "bytes": size})
            except Exception as exc:  # noqa: BLE001 - counted and reported; the other readers carry on
                out.append({"page": name, "error": f"{type(exc).__name__}: {exc}"[:300]})
        done.append(1)
        await release.wait()  # stay connected until the server's memory has been read
    return out


async def readers(ws_url: str, metrics: list[str], sessions: int, ramp: float, think: float, on_all_done=None, phases: dict | None = None) -> tuple[list[dict], float]:
    """Run ``sessions`` readers; (every page's result, seconds from the start until the last page).
    ``phases`` gets the time.time() of the start of the connections, of the first page and of the last."""
    phases = {} if phases is None else phases
    phases["connecting"] = time.time()
    go, release = asyncio.Event(), asyncio.Event()
    connected: list = []
    done: list = []
    delays = [ramp * i / sessions for i in range(sessions)]
    tasks = [asyncio.create_task(reader(ws_url, tour(metrics, i), delays[i], think, go, connected, done, release)) for i in range(sessions)]
    while len(connected) < sessions and not any(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    start = time.perf_counter()
    phases["connected"] = time.time()
    go.set()
    while len(done) < sessions and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    wall = time.perf_counter() - start
    phases["done"] = time.time()
    if on_all_done is not None:
        on_all_done()
    release.set()
    pages: list[dict] = []
    for r in await asyncio.gather(*tasks, return_exceptions=True):
        if isinstance(r, BaseException):
            pages.append({"page": "?", "error": f"{type(r).__name__}: {r}"[:300]})
        else:
            pages += r
    return pages, wall


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (linear between the nearest ranks)."""
    values = sorted(values)
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


# -- the whole measurement ----------------------------------------------------------------------


def measure(targets: Path, data: Path, as_of: str, metric: str, sessions: int, ramp: float = 0.0, think: float = 0.0) -> dict:
    from metrics.domain.load import load
    from tests.browser.helpers import start_server

    loaded = load(targets, data)
    metrics = [m.id for m in loaded.plan.metrics if m.id != metric] if loaded.plan else []
    random.Random(0).shuffle(metrics)
    metrics = [metric, *metrics]
    del loaded

    result: dict = {"sessions": sessions, "ramp_s": ramp, "think_s": think}
    app_args = ["--targets", str(targets), "--data", str(data), "--as-of", as_of]
    with start_server(app_args, timeout_s=120) as server:
        pid = server.process.pid
        ws_url = server.base_url.replace("http://", "ws://") + "/_stcore/stream"
        time.sleep(1.0)
        result["rss_idle_mb"] = rss_mb(pid)

        warm, _ = asyncio.run(readers(ws_url, metrics, 1, 0.0, 0.0))
        result["warm_up"] = {p["page"]: round(p["s"], 3) if "s" in p else p["error"] for p in warm}
        time.sleep(0.5)
        result["rss_warm_mb"] = rss_mb(pid)

        after: dict = {}
        phases: dict = {}
        with HealthProbe(server.base_url) as probe:
            time.sleep(0.5)  # a few answers from a quiet server first
            cpu_before = cpu_s(pid)
            pages, wall = asyncio.run(readers(ws_url, metrics, sessions, ramp, think, on_all_done=lambda: after.update(rss=rss_mb(pid), cpu=cpu_s(pid)), phases=phases))
            health = probe.answers()
        result["plan_reads"] = server.stderr().count("Read ")

    ok = [p for p in pages if "error" not in p]
    errors = [p["error"] for p in pages if "error" in p]
    times = [p["s"] for p in ok]
    latencies = [latency for _, latency, _ in health]
    origin = phases.get("connected", 0.0)
    slow = sorted(health, key=lambda h: -h[1])[:5]
    result.update(
        wall_s=wall,
        pages=len(pages),
        error_count=len(errors),
        errors=errors[:5],
        page_p50_s=percentile(times, 50),
        page_p95_s=percentile(times, 95),
        page_max_s=max(times, default=None),
        by_page={
            name: {
                "n": len(ts),
                "p50_s": percentile(ts, 50),
                "p95_s": percentile(ts, 95),
                "max_s": max(ts),
                "mb": round(statistics.mean(p["bytes"] for p in ok if p["page"] == name) / 1e6, 2),
            }
            for name in dict.fromkeys(p["page"] for p in ok)
            for ts in [[p["s"] for p in ok if p["page"] == name]]
        },
        health_count=len(health),
        health_failures=sum(1 for *_, good in health if not good),
        health_p50_s=percentile(latencies, 50),
        health_p95_s=percentile(latencies, 95),
        health_max_s=max(latencies, default=None),
        # the slowest answers: (seconds after the readers started, or before if negative; latency)
        health_slowest=[(round(at - origin, 2), latency) for at, latency, _ in slow],
        connecting_s=round(origin - phases["connecting"], 2) if "connecting" in phases else None,
        rss_after_mb=after.get("rss"),
        rss_per_session_mb=(after["rss"] - result["rss_warm_mb"]) / sessions if "rss" in after else None,
        cpu_s=after["cpu"] - cpu_before if "cpu" in after else None,
    )
    result["cpu_per_page_s"] = result["cpu_s"] / len(pages) if result["cpu_s"] is not None and pages else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_load")
    parser.add_argument("--targets", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--metric", required=True, help="the first KPI opened (the others are spread over the plan)")
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which the readers start (default 0: all together)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds each reader pauses between pages (default 0)")
    parser.add_argument("--label", default="")
    args = parser.parse_args(argv)
    for name in ("DASHBOARD_TARGETS", "DASHBOARD_DATA", "DASHBOARD_AS_OF", "DASHBOARD_PUBLIC"):
        os.environ.pop(name, None)
    result = measure(args.targets.resolve(), args.data.resolve(), args.as_of, args.metric, args.sessions, args.ramp, args.think)
    result["label"] = args.label
    emit(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
