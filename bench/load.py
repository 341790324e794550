"""Load generator (asyncio, loopback only, bounded in time): the requests a scanner page really makes, through httpx or
(the big event) a lean client of its own."""
import asyncio
import re
import statistics
import time
import urllib.parse

import httpx

CSRF = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')
HX = {"HX-Request": "true", "HX-Target": "scan-result"}


async def login(client, username, password):
    """Sign in like the form does; return the session's CSRF token."""
    page = (await client.get("/login")).text
    await client.post("/login", data={"csrf_token": CSRF.search(page).group(1), "username": username,
                                      "password": password})
    return CSRF.search((await client.get("/manage/events/new")).text).group(1)


def new_client(base, keep_alive=True):
    """One browser-like client. keep_alive=False opens a new TCP connection for every request (no connection kept
    in the pool, and "Connection: close" so the server closes its side too), as a desk whose connection is not
    reused would."""
    if keep_alive:
        return httpx.AsyncClient(base_url=base, timeout=30)
    return httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_keepalive_connections=0),
                             headers={"Connection": "close"})


async def signed_in(base, count, account, keep_alive=True):
    """count clients, each with its own signed-in staff session (signing in is done before any timing starts)."""
    clients = [new_client(base, keep_alive) for _ in range(count)]
    for client in clients:
        client.headers.update(HX)
        if account:
            client.headers["X-CSRFToken"] = await login(client, *account)
    return clients


class Answer:
    """What a scanner reads of an answer: its status and its text."""

    def __init__(self, status_code, text):
        self.status_code, self.text = status_code, text


class LeanClient:
    """A scanner's HTTP/1.1 client that writes each request's bytes itself over asyncio streams and reads the answer
    by its Content-Length, for the big event's phases.

    The load generator is one Python process on the two cores it measures: httpx took about 2 ms of its CPU per
    request, which left the servers less of the machine and made the generator, not the server, the limit of the bare
    insert's phases. The portal and the bare app are driven by this same client. keep_alive=False: a new TCP
    connection for every request, "Connection: close" sent, closed once the answer is read."""

    def __init__(self, base, keep_alive=True, headers=None, cookies=None):
        address = urllib.parse.urlsplit(base)
        self.host, self.port, self.keep_alive = address.hostname, address.port, keep_alive
        lines = [f"Host: {address.netloc}", "Content-Type: application/x-www-form-urlencoded",
                 f"Connection: {'keep-alive' if keep_alive else 'close'}"]
        lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
        if cookies:
            lines.append("Cookie: " + "; ".join(f"{name}={value}" for name, value in cookies.items()))
        self.head = ("\r\n".join(lines) + "\r\n").encode()
        self.reader = self.writer = None

    async def post(self, path, data):
        body = urllib.parse.urlencode(data).encode()
        request = (f"POST {path} HTTP/1.1\r\n".encode() + self.head + f"Content-Length: {len(body)}\r\n\r\n".encode()
                   + body)
        reused = self.writer is not None
        try:
            return await self._exchange(request)
        except (ConnectionError, asyncio.IncompleteReadError):
            self._drop()
            if not reused:
                raise
            return await self._exchange(request)  # the server had closed an idle kept-alive connection: once more

    async def _exchange(self, request):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            text = await self.reader.readexactly(int(headers["content-length"]))
        else:  # no length: the answer ends with the connection
            text = await self.reader.read()
            headers["connection"] = "close"
        if not self.keep_alive or headers.get("connection", "").lower() == "close":
            self._drop()
        return Answer(int(status_line.split()[1]), text.decode())

    def _drop(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def aclose(self):
        self._drop()


async def lean_scanners(base, count, account, keep_alive=True):
    """count LeanClients, each with its own signed-in staff session (signed in through httpx, as the form does),
    or without one (account None: the bare app)."""
    clients = []
    for _ in range(count):
        headers, cookies = dict(HX), {}
        if account:
            async with httpx.AsyncClient(base_url=base, timeout=30) as browser:
                headers["X-CSRFToken"] = await login(browser, *account)
                cookies = {cookie.name: cookie.value for cookie in browser.cookies.jar}
                # The same browser: a session is bound to its address and User-Agent (Flask-Login's protection).
                headers["User-Agent"] = browser.headers["User-Agent"]
        clients.append(LeanClient(base, keep_alive, headers, cookies))
    return clients


async def scanners(clients, jobs, seconds, expect=None, raw=False):
    """Each client posts its own (path, code) list until done or time is up; returns (summary, codes sent).

    expect is a text every answer must contain ("scan-result new" for first scans, "already" for re-scans). raw: the
    summary also carries every latency and the phase's length (merge puts phases together).
    """
    latencies, errors, done, ran_out = [], [], [], []
    deadline = time.monotonic() + seconds

    async def one(client, job):
        for path, code in job:
            if time.monotonic() > deadline:
                return
            start = time.perf_counter()
            try:
                response = await client.post(path, data={"code": code})
            except (httpx.HTTPError, OSError, asyncio.IncompleteReadError) as error:
                # refused, cut or timed out: counted, and the scanner goes on
                latencies.append(time.perf_counter() - start)
                errors.append(type(error).__name__)
                continue
            latencies.append(time.perf_counter() - start)
            done.append((path, code))
            if response.status_code != 200 or (expect and expect not in response.text):
                errors.append(response.status_code)
        ran_out.append(1)  # this scanner had no codes left before the time was up

    started = time.monotonic()
    await asyncio.gather(*(one(client, job) for client, job in zip(clients, jobs)))
    elapsed = time.monotonic() - started
    result = summary(latencies, elapsed, errors)
    if raw:
        result |= {"latencies": latencies, "elapsed": elapsed}
    if ran_out:
        result["scanners_out_of_codes"] = len(ran_out)
    return result, done


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
                    "birth_year": "1985", "commune": "10198", "phone": f"03{number:08d}", "consent": "y"})
                latencies.append(time.perf_counter() - start)
                if "scan-result new" not in response.text:
                    errors.append(response.status_code)

    started = time.monotonic()
    await asyncio.gather(*(phone() for _ in range(concurrency)))
    return summary(latencies, time.monotonic() - started, errors)


async def dashboards(clients, seconds, interval=1.0):
    """Signed-in dashboards polling /dashboard/live every interval with the version they have, as the page does."""
    latencies, changed = [], []
    deadline = time.monotonic() + seconds

    async def board(client):
        since = ""
        while time.monotonic() < deadline:
            start = time.perf_counter()
            response = await client.get(f"/dashboard/live?since={since}")
            latencies.append(time.perf_counter() - start)
            if response.status_code == 200:
                changed.append(1)
                since = re.search(r'data-version="([^"]+)"', response.text).group(1)  # the stamp's token
            await asyncio.sleep(max(interval - (time.perf_counter() - start), 0))

    await asyncio.gather(*(board(client) for client in clients))
    result = summary(latencies, seconds, [])
    result["recomputed"] = len(changed)
    return result


def summary(latencies, elapsed, errors):
    """Requests, throughput and latency percentiles of one phase."""
    ordered = sorted(latencies) or [0.0]
    kinds = {}
    for error in errors:
        kinds[str(error)] = kinds.get(str(error), 0) + 1
    return {"requests": len(latencies), "per_second": round(len(latencies) / elapsed, 1) if elapsed else 0,
            "error_kinds": kinds, "p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(int(0.99 * len(ordered)), len(ordered) - 1)] * 1000, 2), "errors": len(errors)}
