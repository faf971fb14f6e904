"""Existing chains' roles get the product rights, as the default roles of a new chain have them.

Roles are rows a chain may have tuned, so only the default roles (by key) are touched: owners
and administrators may see and manage products, specialists may see them.
"""

from django.db import migrations

GRANTS = {
    "owner": ["products.manage", "products.view"],
    "administrator": ["products.manage", "products.view"],
    "specialist": ["products.view"],
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
        ("catalog", "0002_products_and_bills_of_materials"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
