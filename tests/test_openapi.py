"""The API describes itself: the OpenAPI document and the interactive docs."""

from __future__ import annotations

import pytest
from ninja import Schema

from salonbook.api import api

pytestmark = pytest.mark.django_db


def test_the_openapi_document_lists_the_main_paths(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Salonbook API"
    for path in (
        "/api/v1/bookings",
        "/api/v1/free-slots",
        "/api/v1/schedule",
        "/api/v1/changes",
        "/api/v1/clients",
        "/api/v1/locations",
    ):
        assert path in spec["paths"], sorted(spec["paths"])
    assert "post" in spec["paths"]["/api/v1/bookings"]
    assert "get" in spec["paths"]["/api/v1/changes"]


def test_the_openapi_document_declares_bearer_authentication(client):
    spec = client.get("/api/v1/openapi.json").json()

    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("type") == "http" and s.get("scheme") == "bearer" for s in schemes.values()), (
        schemes
    )


def test_the_interactive_docs_are_served(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert "openapi.json" in response.content.decode()


def test_the_docs_page_loads_nothing_from_another_host(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "swagger-ui-bundle.js" in page
    assert "https://" not in page and "http://" not in page.replace("http://testserver", "")


@pytest.mark.django_db
def test_a_nul_character_in_text_is_refused_before_it_reaches_the_database(api):
    in_body = api.post("/clients", {"name": "Eve\u0000", "phone": ""})
    in_query = api.get("/clients", q="a\x00b")

    assert in_body.status_code == in_query.status_code == 422
    assert in_body["Content-Type"] == "application/problem+json"
    assert api.post("/clients", {"name": "Eve"}).status_code == 201


def _salonbook_schemas() -> list[type]:
    found, todo = [], [Schema]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("salonbook."):
            found.append(cls)
    return found


def test_every_schema_of_the_api_has_a_name_of_its_own():
    # The OpenAPI document keys bodies by class name: two schemas of one name would publish
    # one of them for both operations.
    by_name: dict[str, list[str]] = {}
    for cls in _salonbook_schemas():
        by_name.setdefault(cls.__name__, []).append(f"{cls.__module__}.{cls.__qualname__}")

    assert {name: where for name, where in by_name.items() if len(where) > 1} == {}


def test_every_operation_is_known_by_its_endpoints_name_once(client):
    spec = client.get("/api/v1/openapi.json").json()
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values()]

    assert len(ids) == len(set(ids)) > 100
    assert "create_booking" in ids and "set_bill_of_materials" in ids


def test_each_request_body_published_is_the_one_the_endpoint_reads(client):
    spec = client.get("/api/v1/openapi.json").json()
    components = spec["components"]["schemas"]
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for operation in view.operations:
                payload = operation.signature.params
                bodies = [p for p in payload if p.source.__class__.__name__ == "Body"]
                for param in bodies:
                    schema = components[param.annotation.__name__]
                    expected = param.annotation.model_json_schema(ref_template="{model}")
                    assert set(schema["properties"]) == set(expected["properties"]), (
                        f"{operation.methods} {prefix}{path}"
                    )
