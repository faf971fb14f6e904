"""Existing chains get what new ones start with: the payment rights on their Owner and
Administrator roles, and the payment methods Cash, Card and Bank transfer."""

from django.db import migrations

RIGHTS = ("payments.take", "payments.delete", "visits.edit_paid")
METHODS = (("Cash", "cash"), ("Card", "card"), ("Bank transfer", "transfer"))


def forwards(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    Chain = apps.get_model("tenancy", "Chain")
    PaymentMethod = apps.get_model("checkout", "PaymentMethod")
    for role in Role.objects.filter(key__in=("owner", "administrator")):
        role.permissions = sorted(set(role.permissions) | set(RIGHTS))
        role.save(update_fields=["permissions"])
    for chain in Chain.objects.all():
        if not PaymentMethod.objects.filter(chain=chain).exists():
            for order, (name, kind) in enumerate(METHODS):
                PaymentMethod.objects.create(chain=chain, name=name, kind=kind, sort_order=order)


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
