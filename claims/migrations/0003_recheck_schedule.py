"""The periodic re-check sweep, stored in django-celery-beat's tables so
editors can see and change it in the admin. Idempotent: an existing entry
(perhaps edited) is left as it is."""

from django.db import migrations

TASK_NAME = "claimtrack: re-check due claims"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": "claims.recheck_due",
            "interval": every_minute,
            "enabled": True,
            "description": "Queue batches of claims whose next check is due.",
        },
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_claimcheck_append_only"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
