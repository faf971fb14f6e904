"""Existing chains get what new ones start with: both loyalty rights on their Owner and
Administrator roles, the right to see memberships and gift cards on their Specialist role."""

from django.db import migrations

GRANTS = {
    "owner": ("loyalty.view", "loyalty.manage"),
    "administrator": ("loyalty.view", "loyalty.manage"),
    "specialist": ("loyalty.view",),
}


def forwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(key__in=GRANTS):
        role.permissions = sorted(set(role.permissions) | set(GRANTS[role.key]))
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("loyalty", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
