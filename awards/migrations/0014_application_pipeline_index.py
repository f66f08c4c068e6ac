from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0013_application_edited_at"),
        ("sanctuary", "0004_network_profile_translations"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["network", "state_changed_at", "id"], name="application_pipeline_idx"
            ),
        ),
    ]
