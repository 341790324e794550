"""The JSON API's OpenAPI 3 document, written by hand; tests/test_api_openapi.py keeps it and the routes in step."""

_ERROR = {"description": "Refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_REFUSALS = {"400": _ERROR, "401": _ERROR, "403": _ERROR, "404": _ERROR}
_PLAIN = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"  # no control characters: the app refuses them in addresses (400)
_SLUG = {"name": "slug", "in": "path", "required": True,
         "schema": {"type": "string", "maxLength": 40, "pattern": _PLAIN}}


def _ok(schema):
    return {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "Cổng Tháng hành động: API cho bàn điểm danh", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "security": [{"device": []}],
    "paths": {
        "/events/{slug}/counts": {"get": {
            "summary": "The event's numbers", "parameters": [_SLUG],
            "responses": {"200": _ok("Counts"), **_REFUSALS}}},
        "/events/{slug}/checkins": {"post": {
            "summary": "Record a batch of scans, each once by its id", "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Batch"}}}},
            "responses": {"200": _ok("Results"), **_REFUSALS}}},
        "/events/{slug}/tickets": {"get": {
            "summary": "The event's tickets as keyed hashes, with a change cursor",
            "parameters": [_SLUG, {"name": "cursor", "in": "query", "required": False,
                                   "schema": {"type": "string", "maxLength": 20, "pattern": _PLAIN}}],
            "responses": {"200": _ok("Tickets"), **_REFUSALS}}},
        "/openapi.json": {"get": {"summary": "This document", "security": [],
                                  "responses": {"200": {"description": "OK",
                                                        "content": {"application/json": {"schema": {"type": "object"}}}}}}},
    },
    "components": {
        "securitySchemes": {"device": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Error": {"type": "object", "required": ["code", "message"],
                      "properties": {"code": {"type": "string"}, "message": {"type": "string"}}},
            "Sexes": {"type": "object", "required": ["total", "male", "female", "other", "unknown"],
                      "properties": {name: {"type": "integer", "minimum": 0}
                                     for name in ("total", "male", "female", "other", "unknown")}},
            "Counts": {"type": "object",
                       "required": ["event", "registrations", "registered_attended", "attendances", "headcounts",
                                    "participants"],
                       "properties": {"event": {"type": "string"},
                                      "registrations": {"type": "integer", "minimum": 0},
                                      "registered_attended": {"type": "integer", "minimum": 0},
                                      "attendances": {"type": "integer", "minimum": 0},
                                      "headcounts": {"type": "integer", "minimum": 0},
                                      "participants": {"$ref": "#/components/schemas/Sexes"}}},
            "Batch": {"type": "object", "required": ["checkins"], "properties": {"checkins": {
                "type": "array", "maxItems": 200, "items": {
                    "type": "object", "required": ["id", "code"],
                    "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 36, "pattern": _PLAIN},
                                   "code": {"type": "string", "maxLength": 300},
                                   "scanned_at": {"type": "string", "format": "date-time"}}}}}},
            "Results": {"type": "object", "required": ["results"], "properties": {"results": {
                "type": "array", "items": {
                    "type": "object", "required": ["id", "status", "reason", "message", "name", "unit",
                                                   "checked_in_at"],
                    "properties": {"id": {"type": "string"},
                                   "status": {"type": "string", "enum": ["new", "already", "refused"]},
                                   "reason": {"type": "string", "nullable": True},
                                   "message": {"type": "string"},
                                   "name": {"type": "string", "nullable": True},
                                   "unit": {"type": "string", "nullable": True},
                                   "checked_in_at": {"type": "string", "nullable": True}}}}}},
            "Tickets": {"type": "object", "required": ["cursor", "changed", "hash_key", "tickets"],
                        "properties": {"cursor": {"type": "string"}, "changed": {"type": "boolean"},
                                       "hash_key": {"type": "string"},
                                       "tickets": {"type": "array", "items": {
                                           "type": "object",
                                           "required": ["token_hash", "code_hash", "name", "unit", "checked_in"],
                                           "properties": {"token_hash": {"type": "string"},
                                                          "code_hash": {"type": "string"},
                                                          "name": {"type": "string"},
                                                          "unit": {"type": "string", "nullable": True},
                                                          "checked_in": {"type": "boolean"}}}}}},
        },
    },
}
