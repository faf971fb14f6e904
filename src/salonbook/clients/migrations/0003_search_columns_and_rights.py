"""Existing clients get their search columns; existing roles get the new client rights
(all four for Owner and Administrator, seeing files for Specialist), as new chains start."""

from django.db import migrations

GRANTS = {
    "owner": ("clients.files", "clients.files_manage", "clients.import", "clients.export"),
    "administrator": ("clients.files", "clients.files_manage", "clients.import", "clients.export"),
    "specialist": ("clients.files",),
}


def forwards(apps, schema_editor):
    from salonbook.clients.models import client_search_text
    from salonbook.clients.phones import phone_search_key

    Client = apps.get_model("clients", "Client")
    batch = []
    for client in Client.objects.only("name", "email", "card_number", "phone").iterator():
        client.search_text = client_search_text(
            name=client.name, email=client.email, card_number=client.card_number, phone=client.phone
        )
        client.phone_digits = phone_search_key(client.phone)
        batch.append(client)
        if len(batch) >= 1000:
            Client.objects.bulk_update(batch, ["search_text", "phone_digits"])
            batch = []
    Client.objects.bulk_update(batch, ["search_text", "phone_digits"])
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(key__in=GRANTS):
        role.permissions = sorted(set(role.permissions) | set(GRANTS[role.key]))
        role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_card_details_files_imports"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
