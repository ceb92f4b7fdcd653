"""`POST /api/v1/advise`: same decisions as `decide` and the CLI, staff only."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from confide.policy import decide, situation_from_dict
from tests.policy.scenario_check import CONFIDE, load, shared_files

URL = "/api/v1/advise"


@pytest.fixture
def clinician_client(db: None) -> Client:
    user = get_user_model().objects.create_user(
        username="dr-api", password="a long enough passphrase", role="clinician"
    )
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, body: Any) -> Any:
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in shared_files()])
def test_cli_api_and_decide_agree(clinician_client: Client, path: Path) -> None:
    situation = load(path)["situation"]
    expected = decide(situation_from_dict(situation)).to_dict()
    response = post(clinician_client, situation)
    assert response.status_code == 200
    assert response.json() == expected
    done = subprocess.run(
        [str(CONFIDE), "advise", "-"], input=json.dumps(situation), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jurisdiction": "US-XX"}, "jurisdiction"),
        ({"clinician_license": "shaman"}, "clinician_license"),
        ({"unexpected": True}, "unexpected"),
        ({"event": {"kind": "consultation", "with": "the press"}}, "event.with"),
    ],
)
def test_bad_field_is_named(clinician_client: Client, change: dict[str, Any], field: str) -> None:
    situation = {**load(shared_files()[0])["situation"], **change}
    response = post(clinician_client, situation)
    assert response.status_code == 422
    assert response.json()["field"] == field
    assert field in response.json()["detail"]


@pytest.mark.django_db
def test_body_that_is_not_an_object(clinician_client: Client) -> None:
    response = clinician_client.post(URL, data="[1, 2]", content_type="application/json")
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_anonymous_gets_401() -> None:
    response = post(Client(), load(shared_files()[0])["situation"])
    assert response.status_code == 401


@pytest.mark.django_db
def test_portal_client_account_gets_401() -> None:
    user = get_user_model().objects.create_user(
        username="portal-person", password="a long enough passphrase", role="client"
    )
    client = Client()
    client.force_login(user)
    assert post(client, load(shared_files()[0])["situation"]).status_code == 401


@pytest.mark.django_db
def test_openapi_documents_advise(clinician_client: Client) -> None:
    response = clinician_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/advise"]["post"]
    assert {"200", "422"} <= set(operation["responses"])
    assert "requestBody" in operation
    schemas = response.json()["components"]["schemas"]
    assert {"verified", "deadlines"} <= set(schemas["DecisionOut"]["properties"])
    assert {"confidence", "checked", "source"} <= set(schemas["BasisOut"]["properties"])
