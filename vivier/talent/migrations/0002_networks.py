from django.db import migrations

from vivier.talent.networks import DEFAULT_NETWORKS


def load_networks(apps, schema_editor):
    Network = apps.get_model("talent", "Network")
    for name, domains, kind in DEFAULT_NETWORKS:
        Network.objects.update_or_create(name=name, defaults={"domains": domains, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_initial")]

    operations = [migrations.RunPython(load_networks, migrations.RunPython.noop)]
