"""The JSON API's OpenAPI 3 document, written by hand; tests/test_api_openapi.py keeps it and the routes in step."""

_ERROR = {"description": "Refused", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_REFUSALS = {"400": _ERROR, "401": _ERROR, "403": _ERROR, "404": _ERROR}
_PLAIN = "^[^\\x00-\\x1f\\x7f-\\x9f]*$"  # no control characters: the app refuses them in addresses (400)
_SLUG = {"name": "slug", "in": "path", "required": True,
         "schema": {"type": "string", "maxLength": 40, "pattern": _PLAIN}}


_TIME = {"type": "string", "description": "naive local time, ISO 8601 (2026-11-30T08:15:00)"}
_RESULT = {"type": "object", "required": ["id", "status", "reason", "message", "name", "unit", "checked_in_at"],
           "properties": {"id": {"type": "string"},
                          "status": {"type": "string", "enum": ["new", "already", "refused"]},
                          "reason": {"type": "string", "nullable": True},
                          "message": {"type": "string"},
                          "name": {"type": "string", "nullable": True},
                          "unit": {"type": "string", "nullable": True},
                          "checked_in_at": {**_TIME, "nullable": True}}}
_EVENT_FIELDS = {"slug": {"type": "string"}, "title": {"type": "string"}, "venue": {"type": "string"},
                 "unit": {"type": "string", "nullable": True, "description": "the organising unit's name"},
                 "starts_at": _TIME, "ends_at": _TIME, "checkin_opens_at": _TIME, "checkin_closes_at": _TIME,
                 "sync_until": {**_TIME, "description": "until when queued scans and walk-ins may still be sent"},
                 "utc_offset": {"type": "string", "pattern": "^[+-][0-9]{2}:[0-9]{2}$",
                                "description": "the offset from UTC of the event's local times (e.g. +07:00)"}}


def _choices(value, label):
    """An array of {value: …, label: …} choices."""
    return {"type": "array", "items": {"type": "object", "required": [value, label],
                                       "properties": {value: {"type": "string"}, label: {"type": "string"}}}}


def _ok(schema):
    return {"description": "OK", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}


DOCUMENT = {
    "openapi": "3.0.3",
    "info": {"title": "Cổng Tháng hành động: API cho bàn điểm danh", "version": "1"},
    "servers": [{"url": "/api/v1"}],
    "security": [{"device": []}],
    "paths": {
        "/events/{slug}": {"get": {
            "summary": "The event, the walk-in form's choices and the notice, for the desk app", "parameters": [_SLUG],
            "responses": {"200": _ok("Event"), **_REFUSALS}}},
        "/events/{slug}/counts": {"get": {
            "summary": "The event's numbers", "parameters": [_SLUG],
            "responses": {"200": _ok("Counts"), **_REFUSALS}}},
        "/events/{slug}/checkins": {"post": {
            "summary": "Record a batch of scans, each once by its id", "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Batch"}}}},
            "responses": {"200": _ok("Results"), **_REFUSALS}}},
        "/events/{slug}/walkins": {"post": {
            "summary": "Record a batch of walk-ins, each once by its id; one the form refuses is refused by itself",
            "parameters": [_SLUG],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/WalkIns"}}}},
            "responses": {"200": _ok("WalkInResults"), **_REFUSALS}}},
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
            "Result": _RESULT,
            "Results": {"type": "object", "required": ["results"], "properties": {"results": {
                "type": "array", "items": {"$ref": "#/components/schemas/Result"}}}},
            "WalkIns": {"type": "object", "required": ["walkins"], "properties": {"walkins": {
                "type": "array", "maxItems": 200, "items": {
                    "type": "object",
                    "required": ["id", "full_name", "sex", "birth_year", "commune", "notice_version", "consent"],
                    "properties": {"id": {"type": "string", "minLength": 1, "maxLength": 36, "pattern": _PLAIN},
                                   "scanned_at": {"type": "string", "format": "date-time"},
                                   "full_name": {"type": "string"},
                                   "sex": {"type": "string", "description": "a code of the event's sexes"},
                                   "birth_year": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                                   "commune": {"type": "string", "description": "a code of the event's units"},
                                   "phone": {"type": "string", "nullable": True},
                                   "notice_version": {"type": "integer"},
                                   "consent": {"type": "boolean"}}}}}},
            "WalkInResults": {"type": "object", "required": ["results"], "properties": {"results": {
                "type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/Result"}, {
                    "type": "object", "required": ["errors"],
                    "properties": {"errors": {"type": "object", "additionalProperties": {"type": "string"},
                                              "description": "each invalid field's message"}}}]}}}},
            "Tickets": {"type": "object", "required": ["cursor", "changed", "hash_key", "checkin_closes_at", "tickets"],
                        "properties": {"cursor": {"type": "string"}, "changed": {"type": "boolean"},
                                       "hash_key": {"type": "string"}, "checkin_closes_at": _TIME,
                                       "tickets": {"type": "array", "items": {
                                           "type": "object",
                                           "required": ["token_hash", "code_hash", "name", "unit", "checked_in",
                                                        "checked_in_at"],
                                           "properties": {"token_hash": {"type": "string"},
                                                          "code_hash": {"type": "string"},
                                                          "name": {"type": "string"},
                                                          "unit": {"type": "string", "nullable": True},
                                                          "checked_in": {"type": "boolean"},
                                                          "checked_in_at": {**_TIME, "nullable": True}}}}}},
            "Event": {"type": "object", "required": ["event", "units", "sexes", "notice", "now"], "properties": {
                "event": {"type": "object", "required": list(_EVENT_FIELDS), "properties": _EVENT_FIELDS},
                "units": _choices("code", "name"), "sexes": _choices("code", "label"),
                "notice": {"type": "object", "required": ["version", "url"],
                           "properties": {"version": {"type": "integer", "minimum": 1}, "url": {"type": "string"}}},
                "now": _TIME}},
        },
    },
}
