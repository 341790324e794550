"""The JSON API's OpenAPI document: served, and naming exactly the blueprint's routes and methods."""
import re


def test_openapi_document_names_every_route_of_the_api_and_nothing_else(app, client):
    document = client.get("/api/v1/openapi.json").json
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = {(re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule.removeprefix("/api/v1")), method)
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert documented == routes
