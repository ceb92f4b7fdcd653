"""Safety events and suspected violations name the case they concern (the sight rule is per
case). Legacy rows naming no case get the client's case when the client has exactly one; the
others stay client-level (seen only by the client's individual-case clinicians). The release a
warning or report wrote takes its event's case.

Reversing keeps the filled-in cases: they are true statements about the rows."""

from django.db import migrations


def fill_cases(apps, schema_editor):
    Participant = apps.get_model("practice", "Participant")
    cache: dict[int, int | None] = {}

    def only_case(client_id):
        if client_id not in cache:
            cases = list(
                Participant.objects.filter(client_id=client_id)
                .values_list("case_id", flat=True)
                .distinct()[:2]
            )
            cache[client_id] = cases[0] if len(cases) == 1 else None
        return cache[client_id]

    for model_name in ("SafetyEvent", "Violation"):
        model = apps.get_model("incidents", model_name)
        for row in model.objects.filter(case__isnull=True).only("pk", "client_id"):
            case_id = only_case(row.client_id)
            if case_id is not None:
                model.objects.filter(pk=row.pk).update(case_id=case_id)
    SafetyStep = apps.get_model("incidents", "SafetyStep")
    Release = apps.get_model("disclosures", "Release")
    steps = SafetyStep.objects.filter(release_id__isnull=False, event__case__isnull=False)
    for release_id, case_id in steps.values_list("release_id", "event__case_id"):
        Release.objects.filter(pk=release_id, case__isnull=True).update(case_id=case_id)


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_no_delete"),
        ("disclosures", "0003_records_name_their_case"),
        ("practice", "0002_agenda_encrypted"),
    ]

    operations = [migrations.RunPython(fill_cases, migrations.RunPython.noop)]
