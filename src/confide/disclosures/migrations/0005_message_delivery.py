"""Email is sent after its record commits: each message records where its delivery stands.
Emails recorded before this were sent inside their transaction, so they were delivered."""

from typing import Any

from django.db import migrations, models


def earlier_emails_were_delivered(apps: Any, schema_editor: Any) -> None:
    sent = apps.get_model("disclosures", "SentMessage")
    sent.objects.filter(channel="email").update(delivery="delivered", attempts=1)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosures", "0004_subject_birth_date_encrypted"),
    ]

    operations = [
        migrations.AddField(
            model_name="sentmessage",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="sentmessage",
            name="delivery",
            field=models.CharField(
                choices=[
                    ("by_staff", "For staff to carry out"),
                    ("pending", "Waiting to be sent"),
                    ("delivered", "Sent"),
                    ("failed", "Not sent yet: will be tried again"),
                ],
                default="by_staff",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="sentmessage",
            name="last_error",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.RunPython(earlier_emails_were_delivered, migrations.RunPython.noop),
    ]
