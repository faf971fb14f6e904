"""Existing chains' roles get the stock rights, as the default roles of a new chain have them.

Roles are rows a chain may have tuned, so only the default roles (by key) are touched: owners
and administrators may see and manage storages and stock, specialists may see them.
"""

from django.db import migrations

GRANTS = {
    "owner": ["stock.manage", "stock.view"],
    "administrator": ["stock.manage", "stock.view"],
    "specialist": ["stock.view"],
}
ALL = sorted({name for names in GRANTS.values() for name in names})


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(key__in=GRANTS):
        role.permissions = sorted(set(role.permissions) | set(GRANTS[role.key]))
        role.save(update_fields=["permissions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(key__in=GRANTS):
        role.permissions = sorted(set(role.permissions) - set(ALL))
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("inventory", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
