"""Upgrading an existing trail to layout 3 (migration audit 0004: hashes as bytes, labels once)
keeps every event and every hash: `confide audit verify` passes on the old chain afterwards,
with the head it had and the heads anchored before the upgrade, and the event rows read back
as they were written."""

from __future__ import annotations

import json

from tests.operations.installs import Installs

# Run inside `confide shell` at layout 2 (audit 0003): a chain written as confide wrote it
# then, row by row in SQL, each hash computed here from the layout-2 canonical form (an
# independent copy of AuditEvent.canonical at that layout, so the test does not lean on the
# code it checks).
OLD_CHAIN = r"""
import datetime as dt, hashlib, json
from django.db import connection
from confide.accounts.models import User

carla = User.objects.create(username="carla", role="clinician")
ramón = User.objects.create(username="ramón", role="privacy_officer")
start = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)
prev, rows = "0" * 64, []
for seq in range(1, 41):
    who = [carla, ramón, None][seq % 3]
    at = start + dt.timedelta(seconds=seq * 7, microseconds=(seq % 2) * 1234)
    fields = {
        "seq": seq,
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": who.pk if who else None,
        "actor_label": f"{who.username} ({who.role})" if who else "system",
        "action": ["view", "change", "export"][seq % 3],
        "target_type": "records.note",
        "target_id": str(seq * 11),
        "client_id": seq % 5 or None,
        "summary": f"Viewed note {seq}" + (" — señal" if seq % 4 == 0 else ""),
        "detail": {"z": seq, "a": [1, 2.5, None], "name": "Zoë"} if seq % 2 else {},
        "ip": "10.0.0.9" if who else None,
    }
    if seq % 3 == 1:
        fields["case_id"] = 100 + seq
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256((prev + text).encode()).hexdigest()
    rows.append((seq, str(at.replace(tzinfo=None)), fields["actor_id"], fields["actor_label"],
                 fields["action"], fields["target_type"], fields["target_id"],
                 fields["client_id"], fields.get("case_id"), fields["summary"],
                 json.dumps(fields["detail"], sort_keys=True, separators=(",", ":")),
                 fields["ip"], prev, digest))
    prev = digest
with connection.cursor() as cursor:
    cursor.executemany(
        "INSERT INTO audit_auditevent (seq, at, actor_id, actor_label, action, target_type,"
        " target_id, client_id, case_id, summary, detail, ip, prev_hash, hash)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)
# The heads `verify --anchor` wrote at layout 2 (the file's format did not change).
from confide.audit import anchors
anchors.append(anchors.default_path(), anchors.Anchor(20, rows[19][13]))
anchors.append(anchors.default_path(), anchors.Anchor(40, prev))
print(json.dumps({"head": prev, "middle": rows[19][13], "labels": sorted({r[3] for r in rows})}))
"""

AFTER = r"""
import json
from confide.audit.models import AuditEvent, AuditLabel
from confide.audit.verify import verify_chain, verify_chain_reference
fast, slow = verify_chain(workers=1, range_size=7), verify_chain_reference()
events = list(AuditEvent.objects.order_by("seq"))
print(json.dumps({
    "fast": [fast.ok, fast.checked, fast.head_hash],
    "slow": [slow.ok, slow.checked, slow.head_hash],
    "labels": sorted(AuditLabel.objects.values_list("text", flat=True)),
    "shown": [events[3].actor_label, events[3].summary, events[4].detail, events[19].hash],
    "recomputed": all(e.compute_hash() == e.hash for e in events),
}))
"""


def _last_json(text: str) -> dict[str, object]:
    return dict(json.loads(text.strip().splitlines()[-1]))


def test_an_old_chain_verifies_after_the_upgrade_to_layout_3(installs: Installs) -> None:
    install = installs.empty()
    install.run("migrate", "accounts", "-v0")
    install.run("migrate", "audit", "0003", "-v0")
    old = _last_json(install.python(OLD_CHAIN))

    install.run("migrate", "-v0")  # audit 0004 converts the rows

    after = install.run("audit", "verify")  # the anchored head, checked against the new rows
    assert f"40 events checked. Head: {old['head']}" in after.stdout
    assert "2 anchored heads still in place" in after.stdout
    seen = _last_json(install.python(AFTER))
    assert seen["fast"] == seen["slow"] == [True, 40, old["head"]]
    assert seen["labels"] == old["labels"]  # each label once
    assert seen["shown"] == [
        "ramón (privacy_officer)",
        "Viewed note 4 — señal",
        {"a": [1, 2.5, None], "name": "Zoë", "z": 5},
        old["middle"],
    ]
    assert seen["recomputed"] is True
    # New events continue the converted chain.
    install.run("createuser", "dr.ward", "--role", "clinician", "--password-stdin", stdin="x" * 20)
    assert "Audit chain intact" in install.run("audit", "verify").stdout
