"""The benchmark's own measuring parts, whose numbers the README quotes: the lean client the scanners use (against a
real gunicorn and a real socket server), the merging of a phase's rounds (known answers), and the floor set beside
a scan."""
import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from bench import bigevent, floor, load
from bench.server import Server
from portal.extensions import db
from portal.models import Attendance, AuditEntry
from tests.conftest import TEST_CONFIG, Auth, HtmxClient, ServerLikeClient, csrf_from
from tests.factories import gen_user, open_event


def _run(coroutine):
    """asyncio.run in a thread of its own: the browser tests' Playwright keeps an event loop in this one."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """The bare insert-if-absent app under gunicorn, on a SQLite file of its own."""
    path = tmp_path_factory.mktemp("bare") / "bare.sqlite3"
    sqlite3.connect(path).close()
    with Server("bench.baseline:app", {"BASELINE_DB": str(path)}, probe="/scan",
                options=["--workers", "1", "--threads", "2", "--worker-class", "gthread"]) as server:
        yield server


def test_the_lean_client_keeps_one_connection_when_asked_and_gets_each_answer(bare):
    async def scan():
        client = load.LeanClient(bare.base, keep_alive=True)
        first = await client.post("/scan", {"code": "kept-1"})
        connection = client.writer
        again = await client.post("/scan", {"code": "kept-1"})
        same = client.writer is connection
        await client.aclose()
        return first, again, same

    first, again, same = _run(scan())
    assert (first.status_code, again.status_code) == (200, 200)
    assert "class='new'" in first.text and "class='again'" in again.text
    assert same


def test_the_lean_client_opens_a_new_connection_for_every_request_otherwise(bare):
    async def scan():
        client = load.LeanClient(bare.base, keep_alive=False)
        answers = [await client.post("/scan", {"code": f"closed-{n}"}) for n in range(3)]
        return answers, client.writer

    answers, left_open = _run(scan())
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert all("class='new'" in a.text for a in answers)
    assert left_open is None


def test_the_lean_client_sends_again_once_when_the_server_had_closed_a_kept_alive_connection():
    """A server that answers one request per connection and then closes it, without saying so (as an idle keep-alive
    connection is closed): the next request goes out on a new connection and is answered."""
    seen = []

    async def answer_once(reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length")))
        seen.append(await reader.readexactly(length))
        body = f"answer {len(seen)}".encode()
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        await writer.drain()
        writer.close()

    async def scan():
        server = await asyncio.start_server(answer_once, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        client = load.LeanClient(f"http://127.0.0.1:{port}", keep_alive=True)
        first = await client.post("/scan", {"code": "a b"})
        second = await client.post("/scan", {"code": "c"})
        await client.aclose()
        server.close()
        await server.wait_closed()
        return first, second

    first, second = _run(scan())
    assert (first.text, second.text) == ("answer 1", "answer 2")
    assert seen == [b"code=a+b", b"code=c"]


def test_a_phase_run_in_rounds_is_merged_over_all_its_requests_and_time():
    def run(latencies, elapsed, server_s, database_s, busy, errors=None):
        return {"latencies": latencies, "elapsed": elapsed, "per_second": round(len(latencies) / elapsed, 1),
                "error_kinds": errors or {}, "server_cpu_s": server_s, "database_cpu_s": database_s,
                "machine_busy_pct": busy, "loadgen_cpu_pct": 10.0, "load_average": [1.0, 2.0]}

    fast = run([0.01] * 90 + [0.2] * 10, 1.0, 0.3, 0.1, 80.0)
    slow = run([0.05] * 100, 3.0, 0.5, 0.1, 100.0, {"503": 2})
    merged = bigevent.merge([fast, slow])
    assert merged["requests"] == 200
    assert merged["per_second"] == 50.0          # 200 requests in 4 s, not the mean of 100/s and 33.3/s
    assert merged["per_round"] == [100.0, 33.3]
    assert merged["p50_ms"] == 50.0 and merged["p99_ms"] == 200.0
    assert merged["server_cpu_ms_per_req"] == 4.0 and merged["database_cpu_ms_per_req"] == 1.0
    assert merged["machine_busy_pct"] == 95.0    # weighted by time: (80 × 1 + 100 × 3) / 4
    assert merged["errors"] == 2 and merged["error_kinds"] == {"503": 2}
    assert merged["load_average"] == [1.0, 2.0]


def test_the_floor_passes_the_doors_a_scan_passes_and_does_nothing_else(app, database_url):
    """The floor the benchmark sets beside a scan: signed in and with the CSRF header it answers at once (and writes
    nothing); without the sign-in, without CSRF, or signed in as a collaborator, it is refused as the scan is."""
    served = floor.create({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url})
    served.test_client_class = ServerLikeClient
    with app.app_context():
        gen_user("organiser", role="admin")
        gen_user("ctv", role="collaborator")
        slug = open_event().slug

    def both(username, csrf_page):
        """(the floor's status, the scan's) for a client signed in as username (None: not), with the CSRF token of
        csrf_page (None: none)."""
        statuses = []
        for path in (floor.PATH, "/manage/events/{slug}/scan"):
            client = served.test_client()
            if username:
                Auth(client).login(username)
            token = csrf_from(client, csrf_page) if csrf_page else None
            answer = HtmxClient(client).post(path.format(slug=slug), target="scan-result", csrf=token,
                                             data={"code": "X"})
            statuses.append(answer.status_code)
        return statuses, answer

    assert both(None, "/login")[0] == [401, 401]  # htmx is told to go to the sign-in page
    assert both("organiser", None)[0] == [400, 400]
    assert both("ctv", "/collaborators/")[0] == [404, 404]
    client = served.test_client()
    Auth(client).login("organiser")
    answer = HtmxClient(client).post(floor.PATH.format(slug=slug), target="scan-result",
                                     csrf=csrf_from(client, "/manage/"), data={"code": "X"})
    assert answer.status_code == 200 and "scan-result new" in answer.text
    assert answer.headers["Cache-Control"] == "private, no-store" and answer.headers["X-Frame-Options"] == "DENY"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
