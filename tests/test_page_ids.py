"""Every page of the app: no id used twice, and every field a person fills has a label (a tap on it reaches it)."""
from collections import Counter
from html.parser import HTMLParser

from tests.conftest import Auth, csrf_from
from tests.factories import commune, gen_registration_now, gen_user, open_event

# Not HTML pages: files, images, a language switch that only redirects.
NOT_PAGES = {"static", "public.language", "tickets.ics", "tickets.qr_png", "dashboard.attendance_file",
             "dashboard.report_file", "dashboard.compare_file", "mydata.download_json", "mydata.download_csv",
             "manage.unit_list_example"}
STAFF = ("manage.", "dashboard.", "auth.password", "collaborators.")


class Page(HTMLParser):
    """The ids of a page, its labels' targets, and its fillable fields with how each is named."""

    def __init__(self):
        super().__init__()
        self.ids, self.label_for, self.fields, self.open_labels = [], set(), [], 0

    def handle_starttag(self, tag, attrs):
        """Note the id, the label, or the field (labelled when wrapped in a label or named by aria)."""
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "label":
            self.open_labels += 1
            if attrs.get("for"):
                self.label_for.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden":
            named = self.open_labels > 0 or "aria-label" in attrs or "aria-labelledby" in attrs
            self.fields.append((attrs.get("id"), attrs.get("name"), named))

    def handle_endtag(self, tag):
        """Leave a label."""
        if tag == "label":
            self.open_labels -= 1

    def problems(self):
        """Ids used more than once, and fields no label names."""
        twice = sorted(i for i, n in Counter(self.ids).items() if n > 1)
        unnamed = [(i, name) for i, name, named in self.fields if not named and i not in self.label_for]
        return twice, unnamed


def _check(url, response):
    """Assert the page has unique ids and labelled fields (HTML pages only: images and files have no ids)."""
    if response.mimetype != "text/html":
        return
    page = Page()
    page.feed(response.get_data(as_text=True))
    twice, unnamed = page.problems()
    assert (url, twice, unnamed) == (url, [], [])


def _pages(app, values, endpoint_filter):
    """The URLs of the app's GET pages, with real values for their arguments."""
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if ("GET" in rule.methods and rule.endpoint not in NOT_PAGES and not rule.endpoint.startswith("api.")
                    and endpoint_filter(rule.endpoint)):  # the JSON API has no pages
                yield url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def test_every_page_has_unique_ids_and_labelled_fields(app, client, ctx):
    gen_user("admin", role="admin")
    event = open_event(title="Mít tinh hưởng ứng", kind="communication")
    registration = gen_registration_now(event)
    values = {"slug": event.slug, "token": registration.token, "code": event.checkin_code, "number": 1,
              "list_id": commune().unit_list_id, "unit_id": commune().id, "campaign_id": event.campaign_id}
    client.post("/du-lieu-cua-toi", data={"csrf_token": csrf_from(client, "/du-lieu-cua-toi"), "phone": "0912345678",
                                          "birth_year": "1990", "short_code": registration.short_code})  # own data
    with client.session_transaction() as session:
        session["own_data_erased"] = [1, 1, 0]  # what an erasure did, for its page

    checked = 0
    for url in _pages(app, values, lambda endpoint: not endpoint.startswith(STAFF)):
        response = client.get(url)
        assert response.status_code == 200, url
        _check(url, response)
        checked += 1
    Auth(client).login("admin")
    for url in _pages(app, values, lambda endpoint: endpoint.startswith(STAFF[:-1])):
        response = client.get(url)
        assert response.status_code == 200, url
        _check(url, response)
        checked += 1
    Auth(client).logout()
    gen_user("ctv", role="collaborator")  # of the event's unit
    Auth(client).login("ctv")
    for url in _pages(app, values, lambda endpoint: endpoint.startswith("collaborators.")):
        response = client.get(url)
        assert response.status_code == 200, url
        _check(url, response)
        checked += 1
    assert checked >= 20


def test_forms_with_their_messages_have_unique_ids_and_labelled_fields(app, client, ctx):
    event = open_event(title="Mít tinh hưởng ứng", kind="communication")
    code = event.checkin_code
    token = csrf_from(client, f"/c/{code}")
    for url in (f"/c/{code}/walk-in", f"/c/{code}/identify", f"/events/{event.slug}/register", "/login"):
        response = client.post(url, data={"csrf_token": token, "birth_year": "75"})
        assert response.status_code == 422, url
        _check(url, response)
