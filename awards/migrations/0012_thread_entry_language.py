from django.db import migrations, models


def fill_languages(apps, schema_editor):
    """Entries written before: an answer is in its application's language, a question or a
    panel note in its writer's chosen language."""
    ThreadEntry = apps.get_model("awards", "ThreadEntry")
    for entry in ThreadEntry._base_manager.select_related("application", "author").iterator():
        if entry.kind == "answer":
            language = entry.application.language
        else:
            language = entry.author.preferred_language or "en"
        ThreadEntry._base_manager.filter(pk=entry.pk).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0011_scheme_translations_and_application_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="threadentry",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[
                    ("en", "English"),
                    ("cy", "Welsh"),
                    ("ar", "Arabic"),
                    ("fa", "Persian (Farsi)"),
                    ("ckb", "Kurdish (Sorani)"),
                    ("uk", "Ukrainian"),
                    ("ti", "Tigrinya"),
                ],
                default="",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(fill_languages, migrations.RunPython.noop),
    ]
