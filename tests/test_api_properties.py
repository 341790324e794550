"""Property-based tests of the JSON API generated from its OpenAPI document: with a valid device token, whatever
is sent, no server error and every answer as documented."""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.conftest import csrf_from
from tests.factories import gen_registration_now, gen_user, open_event


@pytest.fixture
def api_schema(app, ctx, client, auth):
    event = open_event()
    gen_registration_now(event)
    gen_user()
    auth.login()
    csrf = csrf_from(client, "/manage/")
    page = client.post(f"/manage/events/{event.slug}/devices", data={"csrf_token": csrf}).text
    token = re.search(r'<output id="device-token">([A-Za-z0-9_-]+)</output>', page).group(1)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return schema, {"Authorization": f"Bearer {token}"}, event.slug


def test_api_never_fails_and_answers_as_documented(api_schema):
    schema, headers, slug = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5  # the document itself may be left out

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def answers_as_documented(case):
            for event in ([case.path_parameters["slug"], slug] if case.path_parameters else [None]):
                if event is not None:
                    case.path_parameters["slug"] = event  # a generated address, then the device's event
                response = case.call(headers=headers)
                assert response.status_code < 500, (case.method, case.path, response.text[:200])
                case.validate_response(response, headers=headers)

        answers_as_documented()
