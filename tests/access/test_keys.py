"""The key store and `cruce keys`: keys shown once, stored only as hashes, revocable, audited."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from engine.access import KeyStore
from engine.access.keys import KeyCheck
from engine.audit import AuditLog
from engine.cli import app
from engine.i18n import UserError


@pytest.fixture
def store(tmp_path):
    opened = KeyStore(tmp_path / "keys.db")
    yield opened
    opened.close()


def test_created_key_authenticates(store):
    key, secret = store.create(agency="SSPC", country="mx", roles=["officer", "border"], created_by="test")

    lookup = store.authenticate(secret)

    assert lookup.check is KeyCheck.VALID
    principal = lookup.key.principal()
    assert principal.country == "MX"
    assert principal.roles == {"officer", "border"}
    assert principal.key_id == key.key_id


def test_secret_stored_only_as_hash(store):
    _, secret = store.create(agency="SSPC", country="MX", roles=["officer"], created_by="test")

    raw = store.path.read_bytes() + b"".join(path.read_bytes() for path in store.path.parent.glob("keys.db-*"))

    assert secret.encode() not in raw
    assert secret.split("_", 2)[2].encode() not in raw
    rows = sqlite3.connect(store.path).execute("SELECT key_hash FROM api_keys").fetchall()
    assert rows == [(hashlib.sha256(secret.encode()).hexdigest(),)]


def test_wrong_secret_and_malformed(store):
    _, secret = store.create(agency="SSPC", country="MX", roles=["officer"], created_by="test")

    assert store.authenticate(secret[:-1] + ("A" if secret[-1] != "A" else "B")).check is KeyCheck.UNKNOWN
    assert store.authenticate("hello").check is KeyCheck.MALFORMED
    assert store.authenticate("").check is KeyCheck.MALFORMED


def test_revoked_key(store):
    key, secret = store.create(agency="SSPC", country="MX", roles=["officer"], created_by="test")

    assert store.revoke(key.key_id, revoked_by="test") is True
    assert store.revoke(key.key_id, revoked_by="test") is False
    assert store.authenticate(secret).check is KeyCheck.REVOKED
    assert store.get(key.key_id).revoked_by == "test"


@pytest.mark.parametrize(
    ("arguments", "message_key"),
    [
        ({"agency": "SSPC", "country": "MEX", "roles": ["officer"]}, "keys.country_invalid"),
        ({"agency": "SSPC", "country": "MX", "roles": ["chief"]}, "keys.role_invalid"),
        ({"agency": "SSPC", "country": "MX", "roles": []}, "keys.roles_missing"),
        ({"agency": " ", "country": "MX", "roles": ["officer"]}, "keys.agency_invalid"),
        ({"agency": "FGR", "country": "MX", "roles": ["source"]}, "keys.source_needed"),
    ],
)
def test_invalid_key_requests(store, arguments, message_key):
    with pytest.raises(UserError) as raised:
        store.create(created_by="test", **arguments)

    assert raised.value.key == message_key


def test_unknown_key_revoke(store):
    with pytest.raises(UserError) as raised:
        store.revoke("0123456789ab", revoked_by="test")

    assert raised.value.status == 404


def sources_file(tmp_path):
    config = tmp_path / "sources.toml"
    config.write_text(f'[embedded]\npath = "{tmp_path}/cruce.db"\n\n[sources.mx]\nowner = "MX"\n', encoding="utf-8")
    return config


def test_cli_create_list_revoke(tmp_path):
    config = sources_file(tmp_path)
    runner = CliRunner()

    created = runner.invoke(app, ["--config", str(config), "keys", "create", "--agency", "FGR", "--country", "MX", "--role", "source", "--source", "mx", "--json"])
    assert created.exit_code == 0, created.output
    made = json.loads(created.stdout)
    listed = runner.invoke(app, ["--config", str(config), "keys", "list", "--json"])
    revoked = runner.invoke(app, ["--config", str(config), "--lang", "en", "keys", "revoke", made["key_id"]])
    listed_after = runner.invoke(app, ["--config", str(config), "keys", "list", "--json"])

    assert made["key"].startswith("crk_")
    assert made["roles"] == ["source"]
    assert [key["key_id"] for key in json.loads(listed.stdout)] == [made["key_id"]]
    assert made["key"] not in listed.stdout
    assert revoked.exit_code == 0
    assert "revoked" in revoked.stdout
    assert json.loads(listed_after.stdout)[0]["revoked_at"]

    entries = list(AuditLog(tmp_path / "audit.db").entries())
    assert [entry["action"] for entry in entries] == ["key.create", "key.revoke"]
    assert entries[0]["actor"]["kind"] == "operator"
    assert entries[0]["actor"]["key_id"].startswith("operator:")
    assert made["key"] not in json.dumps(entries)


def test_cli_rejects_unknown_source(tmp_path):
    config = sources_file(tmp_path)

    result = CliRunner().invoke(app, ["--config", str(config), "keys", "create", "--agency", "FGR", "--country", "MX", "--role", "source", "--source", "zz"])

    assert result.exit_code == 2
    assert "zz" in result.output
