"""The OpenAPI schema is complete, valid, warning-free and checked in; /api/docs/ works offline.

When the API changes on purpose, regenerate the snapshot and review the diff:

    .venv/bin/python manage.py spectacular --lang vi --validate --fail-on-warn \
        --file tests/api/openapi-schema.yaml
"""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

SNAPSHOT = Path(__file__).with_name("openapi-schema.yaml")

ENDPOINTS = {
    "/api/v1/auth/token/": {"post", "delete"},
    "/api/v1/me/": {"get"},
    "/api/v1/orgs/": {"get"},
    "/api/v1/incoming/": {"get", "post"},
    "/api/v1/incoming/{incoming_id}/": {"get"},
    "/api/v1/incoming/{incoming_id}/present/": {"post"},
    "/api/v1/incoming/{incoming_id}/direct/": {"post"},
    "/api/v1/incoming/{incoming_id}/reassign/": {"post"},
    "/api/v1/incoming/{incoming_id}/return/": {"post"},
    "/api/v1/incoming/{incoming_id}/attachments/{attachment_id}/": {"get"},
    "/api/v1/incoming/{incoming_id}/note-files/{file_id}/": {"get"},
    "/api/v1/assignments/": {"get"},
    "/api/v1/assignments/{assignment_id}/delegate/": {"post"},
    "/api/v1/assignments/{assignment_id}/progress/": {"post"},
    "/api/v1/assignments/{assignment_id}/complete/": {"post"},
    "/api/v1/search/": {"get"},
    "/api/v1/outgoing/": {"get", "post"},
    "/api/v1/outgoing/sign-batch/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/": {"get", "put"},
    "/api/v1/outgoing/{outgoing_id}/versions/": {"get", "post"},
    "/api/v1/outgoing/{outgoing_id}/versions/{number}/file/": {"get"},
    "/api/v1/outgoing/{outgoing_id}/appendices/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/files/{attachment_id}/": {"get"},
    "/api/v1/outgoing/{outgoing_id}/submit/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/approve/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/return/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/sign/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/sign/prepare/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/sign/complete/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/number/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/issue/": {"post"},
    "/api/v1/outgoing/{outgoing_id}/recall/": {"post"},
    "/api/v1/received/": {"get"},
    "/api/v1/received/{received_id}/": {"get"},
    "/api/v1/received/{received_id}/files/{attachment_id}/": {"get"},
    "/api/v1/received/{received_id}/register/": {"post"},
    "/api/v1/signatures/verify/": {"post"},
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("schema") / "openapi-schema.yaml"
    # --fail-on-warn turns any schema warning (an unannotated field, an enum clash) into a failure.
    call_command("spectacular", "--lang", "vi", "--validate", "--fail-on-warn", "--file", str(path))
    return path.read_text(encoding="utf-8")


def test_schema_matches_the_checked_in_snapshot(generated):
    assert generated == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API schema changed; regenerate tests/api/openapi-schema.yaml (see this module's docstring) "
        "and review the diff."
    )


def test_every_endpoint_is_documented_with_its_errors(generated):
    schema = yaml.safe_load(generated)
    assert {path: set(ops) - {"parameters"} for path, ops in schema["paths"].items()} == ENDPOINTS
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"], (method, path)
            errors = {code for code in operation["responses"] if code.startswith(("4", "5"))}
            assert errors, (method, path)
            for code in errors:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}
                assert content["examples"], (method, path, code)
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_register_documents_multipart_files_and_the_idempotency_header(generated):
    operation = yaml.safe_load(generated)["paths"]["/api/v1/incoming/"]["post"]
    multipart = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    assert multipart == "#/components/schemas/IncomingRegisterRequest"
    files = yaml.safe_load(generated)["components"]["schemas"]["IncomingRegisterRequest"]["properties"][
        "files"
    ]
    assert files["items"] == {"type": "string", "format": "binary"}
    assert {p["name"] for p in operation["parameters"]} == {"Idempotency-Key"}
    assert set(operation["responses"]) == {"200", "201", "400", "401", "403", "413"}


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert "/api/v1/incoming/" in yaml.safe_load(schema.content)["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "cdn." not in page and "https://" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200
