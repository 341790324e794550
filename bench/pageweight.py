"""Page weight: bytes transferred (compressed, headers included) for a page and every asset it loads, cold cache."""
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def measure(base, pages, account):
    """Return {name: {"bytes", "requests"}} for each (name, path, needs_login) in pages."""
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        signed_in = _signed_in_state(browser, base, account)
        for name, path, needs_login in pages:
            context = browser.new_context(storage_state=signed_in if needs_login else None)
            page = context.new_page()
            responses = []
            page.on("requestfinished", lambda request: responses.append(request))
            page.goto(base + path, wait_until="networkidle")
            total = 0
            for request in responses:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            results[name] = {"bytes": total, "requests": len(responses)}
            context.close()
        browser.close()
    return results


def _signed_in_state(browser, base, account):
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#username", account[0])
    page.fill("#password", account[1])
    page.click("button[type=submit]")
    page.wait_for_url("**/manage/")
    state = context.storage_state()
    context.close()
    return state
