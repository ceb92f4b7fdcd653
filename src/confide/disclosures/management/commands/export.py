"""`confide export fhir --out DIR`: authorizations as FHIR R5 Consent resources and releases
as AuditEvent resources, each validated with fhir.resources before it is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from confide.audit.log import record
from confide.badinput import BadInput
from confide.disclosures.fhir import export
from confide.disclosures.models import Authorization, Release


class Command(BaseCommand):
    help = "Export data in a standard format. Formats: fhir (R5 Consent and AuditEvent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("format", choices=["fhir"], help="Export format.")
        parser.add_argument("--out", required=True, help="Folder to write the resources to.")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.exists() and not out.is_dir():
            raise BadInput(f"{out} exists and is not a folder.")
        auths = Authorization.objects.prefetch_related("signatures").order_by("pk")
        releases = Release.objects.select_related("released_by").order_by("pk")
        consents, events = export(out, auths, releases)
        with transaction.atomic():
            record(
                actor=None,
                action="export",
                target_type="disclosures.fhir",
                summary=f"FHIR export: {consents} Consent, {events} AuditEvent",
                detail={"out": str(out)},
            )
        self.stdout.write(f"Wrote {consents} Consent and {events} AuditEvent resources to {out}.")
