"""Requests, authorizations and releases name the case they concern (the sight rule is per
case). Legacy rows that name a client but no case get the client's case when the client has
exactly one; the others stay client-level (seen only by the client's individual-case
clinicians). A release takes its request's or authorization's case first.

Reversing keeps the filled-in cases: they are true statements about the rows, and the schema
change that added `Release.case` is reversed by the migration before this one."""

from django.db import migrations


def _only_case(Participant, client_id, cache):
    if client_id not in cache:
        cases = list(
            Participant.objects.filter(client_id=client_id)
            .values_list("case_id", flat=True)
            .distinct()[:2]
        )
        cache[client_id] = cases[0] if len(cases) == 1 else None
    return cache[client_id]


def fill_cases(apps, schema_editor):
    Participant = apps.get_model("practice", "Participant")
    cache: dict[int, int | None] = {}
    for model_name in ("InformationRequest", "Authorization"):
        model = apps.get_model("disclosures", model_name)
        for row in model.objects.filter(case__isnull=True, client__isnull=False).only(
            "pk", "client_id"
        ):
            case_id = _only_case(Participant, row.client_id, cache)
            if case_id is not None:
                model.objects.filter(pk=row.pk).update(case_id=case_id)
    Release = apps.get_model("disclosures", "Release")
    releases = Release.objects.filter(case__isnull=True).select_related(
        "decision__request", "authorization"
    )
    for release in releases:
        case_id = None
        if release.decision_id is not None:
            case_id = release.decision.request.case_id
        if case_id is None and release.authorization_id is not None:
            case_id = release.authorization.case_id
        if case_id is None:
            case_id = _only_case(Participant, release.client_id, cache)
        if case_id is not None:
            Release.objects.filter(pk=release.pk).update(case_id=case_id)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0002_release_names_its_case"),
        ("practice", "0002_agenda_encrypted"),
    ]

    operations = [migrations.RunPython(fill_cases, migrations.RunPython.noop)]
