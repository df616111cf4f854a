"""The bulk-jobs API with TestClient: upload, progress, results, list, delete, and the size and row limits."""

from __future__ import annotations

import csv
import io
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from engine.access import KeyStore, access_settings, install_access_handlers

from engine.api.bulk_jobs import MAX_ROWS_ENV, MAX_UPLOAD_ENV, router
from engine.api.errors import install_error_handlers
from engine.bulk.jobs import JobStore
from engine.runtime import Runtime

ROSTER = "Nombre;Apellido Paterno;Apellido Materno;Fecha de Nacimiento\nJosé Luis;Hernández;Ñúñez;14/03/1979\n;;;1980\nAna;Sin;Registro;01/01/1901\n"


@pytest.fixture
def client(tmp_path, sources_file):
    app = FastAPI()
    install_error_handlers(app)
    install_access_handlers(app)
    app.include_router(router)
    app.state.runtime = Runtime.open(str(sources_file))
    app.state.bulk_store = JobStore(tmp_path / "jobs")
    with TestClient(app) as test_client:
        yield test_client
    app.state.runtime.close()


def wait_done(client: TestClient, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/v1/bulk-jobs/{job_id}").json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not end: {job}")


def test_upload_run_download_delete(client):
    created = client.post("/v1/bulk-jobs?k=2", files={"file": ("lista.csv", ROSTER.encode("cp1252"), "text/csv")})
    assert created.status_code == 202, created.text
    job_id = created.json()["id"]
    assert created.json()["rows_estimate"] == 3

    job = wait_done(client, job_id)
    assert job["state"] == "done", job
    assert job["progress"] == 1.0
    assert job["counts"]["errors"] == 1

    results = client.get(f"/v1/bulk-jobs/{job_id}/results")
    assert results.status_code == 200
    rows = list(csv.DictReader(io.StringIO(results.content.decode("utf-8-sig"))))
    assert rows[0]["record_id"] == "MX-KNOWN-1"
    assert rows[0]["band"] == "fuerte"
    assert {row["row"] for row in rows} == {"1", "3"}

    errors = client.get(f"/v1/bulk-jobs/{job_id}/errors")
    assert "bulk.row.no_name" in errors.content.decode("utf-8-sig")
    assert job_id in [item["id"] for item in client.get("/v1/bulk-jobs").json()["jobs"]]

    assert client.delete(f"/v1/bulk-jobs/{job_id}").status_code == 200
    gone = client.get(f"/v1/bulk-jobs/{job_id}", headers={"Accept-Language": "en"})
    assert gone.status_code == 404
    assert gone.json()["error"] == "bulk.job_unknown"


def test_raw_jsonl_body(client):
    body = '{"name": "María Guadalupe Zúñiga Bárcenas", "dob": "1985-06-30"}\n'
    created = client.post("/v1/bulk-jobs?format=jsonl", content=body.encode(), headers={"Content-Type": "application/x-ndjson"})
    assert created.status_code == 202, created.text

    job = wait_done(client, created.json()["id"])
    results = client.get(f"/v1/bulk-jobs/{job['id']}/results")
    assert '"record_id":"INTL-KNOWN-2"' in results.text


def test_upload_too_large_is_413_in_both_languages(client, monkeypatch):
    monkeypatch.setenv(MAX_UPLOAD_ENV, "100")
    payload = ("nombre\n" + "Ana Ruiz Soto\n" * 50).encode()

    spanish = client.post("/v1/bulk-jobs", content=payload, headers={"Content-Type": "text/csv"})
    english = client.post("/v1/bulk-jobs?lang=en", files={"file": ("l.csv", payload, "text/csv")})

    assert spanish.status_code == 413
    assert "100 bytes" in spanish.json()["message"] and "Divida" in spanish.json()["message"]
    assert english.status_code == 413
    assert "Split the list" in english.json()["message"]
    assert client.get("/v1/bulk-jobs").json()["jobs"] == []


def test_too_many_rows_is_422(client, monkeypatch):
    monkeypatch.setenv(MAX_ROWS_ENV, "5")
    payload = ("nombre\n" + "Ana Ruiz Soto\n" * 6).encode()

    answer = client.post("/v1/bulk-jobs?lang=en", content=payload, headers={"Content-Type": "text/csv"})

    assert answer.status_code == 422
    assert answer.json()["error"] == "bulk.too_many_rows"
    assert "more than 5 rows" in answer.json()["message"]


def test_results_before_the_end_are_409_and_bad_options_422(client):
    bad = client.post("/v1/bulk-jobs?k=99", content=ROSTER.encode(), headers={"Content-Type": "text/csv"})
    assert bad.status_code == 422
    assert bad.json()["error"] == "bulk.k_invalid"

    no_name = client.post("/v1/bulk-jobs", content=b"fecha\n2000\n", headers={"Content-Type": "text/csv"})
    assert no_name.status_code == 422
    assert "--map name=" in no_name.json()["message"]


def test_officer_key_refused(client, sources_file):
    runtime = client.app.state.runtime
    store = KeyStore(access_settings(runtime.config).keys_path)
    _, secret = store.create(agency="policia", country="MX", roles=["officer"], sources=[], created_by="test")
    store.close()

    response = client.get("/v1/bulk-jobs", headers={"X-API-Key": secret})

    assert response.status_code == 403
    assert response.json()["error"].startswith("access.")
