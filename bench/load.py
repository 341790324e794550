"""Load generator (asyncio + httpx, loopback only, bounded in time): the requests a scanner page really makes."""
import asyncio
import re
import statistics
import time

import httpx

CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
HX = {"HX-Request": "true", "HX-Target": "scan-result"}


async def login(client, username, password):
    """Sign in like the form does; return the session's CSRF token."""
    page = (await client.get("/login")).text
    await client.post("/login", data={"csrf_token": CSRF.search(page).group(1), "username": username,
                                      "password": password})
    return CSRF.search((await client.get("/manage/events/new")).text).group(1)


async def scanners(base, jobs, seconds, account=None, expect=None):
    """Run len(jobs) concurrent scanners, each posting its own (path, code) list until done or time is up.

    Returns {"requests", "per_second", "p50_ms", "p99_ms", "errors"}; expect is a text every answer must contain.
    """
    latencies, errors = [], []
    deadline = time.monotonic() + seconds

    async def one(job):
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            headers = dict(HX)
            if account:
                headers["X-CSRFToken"] = await login(client, *account)
            for path, code in job:
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                response = await client.post(path, data={"code": code}, headers=headers)
                latencies.append(time.perf_counter() - start)
                if response.status_code != 200 or (expect and expect not in response.text):
                    errors.append(response.status_code)

    started = time.monotonic()
    await asyncio.gather(*(one(job) for job in jobs))
    return summary(latencies, time.monotonic() - started, errors)


async def walk_ins(base, codes, concurrency, seconds):
    """Phones checking themselves in as walk-ins: open the event's QR page, then send the four fields."""
    latencies, errors, queue = [], [], list(codes)
    deadline = time.monotonic() + seconds

    async def phone():
        while queue and time.monotonic() < deadline:
            number, code = queue.pop()
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                page = (await client.get(f"/c/{code}")).text
                start = time.perf_counter()
                response = await client.post(f"/c/{code}/walk-in", data={
                    "csrf_token": CSRF.search(page).group(1), "full_name": "Người Tham Dự", "sex": "female",
                    "birth_year": "1985", "commune": "10198", "phone": f"03{number:08d}"})
                latencies.append(time.perf_counter() - start)
                if "scan-result new" not in response.text:
                    errors.append(response.status_code)

    started = time.monotonic()
    await asyncio.gather(*(phone() for _ in range(concurrency)))
    return summary(latencies, time.monotonic() - started, errors)


async def dashboards(base, account, count, seconds, interval=1.0):
    """Dashboards polling /dashboard/live every interval with the version they have, as the page does."""
    latencies, changed = [], []
    deadline = time.monotonic() + seconds

    async def board():
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            await login(client, *account)
            since = ""
            while time.monotonic() < deadline:
                start = time.perf_counter()
                response = await client.get(f"/dashboard/live?since={since}", headers={"HX-Request": "true"})
                latencies.append(time.perf_counter() - start)
                if response.status_code == 200:
                    changed.append(1)
                    since = re.search(r'data-version="(\d+)"', response.text).group(1)
                await asyncio.sleep(max(interval - (time.perf_counter() - start), 0))

    await asyncio.gather(*(board() for _ in range(count)))
    result = summary(latencies, seconds, [])
    result["recomputed"] = len(changed)
    return result


def summary(latencies, elapsed, errors):
    """Requests, throughput and latency percentiles of one phase."""
    ordered = sorted(latencies) or [0.0]
    return {"requests": len(latencies), "per_second": round(len(latencies) / elapsed, 1) if elapsed else 0,
            "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(int(0.99 * len(ordered)), len(ordered) - 1)] * 1000, 2), "errors": len(errors)}
