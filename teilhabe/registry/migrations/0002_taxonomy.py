"""Initial taxonomy: topics, target groups and languages of the registry. Reversible."""

from django.db import migrations

TOPICS = [
    ("sprache", "Sprache und Deutschkurse"),
    ("bildung", "Bildung und Schule"),
    ("arbeit", "Arbeit und Beruf"),
    ("gesundheit", "Gesundheit"),
    ("wohnen", "Wohnen"),
    ("beratung", "Beratung"),
    ("kinder-familie", "Kinder und Familie"),
    ("teilhabe", "Teilhabe und Engagement"),
    ("antidiskriminierung", "Antidiskriminierung"),
    ("rechtsextremismus", "Prävention von Rechtsextremismus und Rassismus"),
    ("sport-kultur", "Sport und Kultur"),
    ("recht-aufenthalt", "Recht und Aufenthalt"),
]
TARGET_GROUPS = [
    ("gefluechtete", "Geflüchtete"),
    ("neuzugewanderte", "Neuzugewanderte"),
    ("frauen", "Frauen"),
    ("kinder", "Kinder"),
    ("jugendliche", "Jugendliche"),
    ("eltern", "Eltern"),
    ("senioren", "Seniorinnen und Senioren"),
    ("fachkraefte", "Fachkräfte"),
    ("ehrenamtliche", "Ehrenamtliche"),
    ("behinderung", "Menschen mit Behinderung"),
    ("lsbtiq", "LSBTIQ*"),
    ("alle", "Alle Interessierten"),
]
LANGUAGES = [
    ("de", "Deutsch", "Deutsch"), ("en", "Englisch", "English"), ("tr", "Türkisch", "Türkçe"),
    ("ar", "Arabisch", "العربية"), ("uk", "Ukrainisch", "Українська"), ("ru", "Russisch", "Русский"),
    ("fa", "Persisch (Farsi/Dari)", "فارسی"), ("ku", "Kurdisch", "Kurdî"), ("pl", "Polnisch", "Polski"),
    ("ro", "Rumänisch", "Română"), ("bg", "Bulgarisch", "Български"), ("it", "Italienisch", "Italiano"),
    ("el", "Griechisch", "Ελληνικά"), ("es", "Spanisch", "Español"), ("fr", "Französisch", "Français"),
    ("sq", "Albanisch", "Shqip"), ("sr", "Serbisch", "Српски"), ("hr", "Kroatisch", "Hrvatski"),
    ("bs", "Bosnisch", "Bosanski"), ("ti", "Tigrinya", "ትግርኛ"), ("so", "Somali", "Soomaali"),
    ("ps", "Paschtu", "پښتو"), ("ur", "Urdu", "اردو"), ("vi", "Vietnamesisch", "Tiếng Việt"),
    ("zh", "Chinesisch", "中文"), ("pt", "Portugiesisch", "Português"), ("am", "Amharisch", "አማርኛ"),
    ("hi", "Hindi", "हिन्दी"), ("sgn", "Deutsche Gebärdensprache", "DGS"),
]


def forwards(apps, schema_editor):
    Topic = apps.get_model("registry", "Topic")
    TargetGroup = apps.get_model("registry", "TargetGroup")
    Language = apps.get_model("registry", "Language")
    for order, (key, name) in enumerate(TOPICS):
        Topic.objects.update_or_create(key=key, defaults={"name": name, "order": order * 10})
    for order, (key, name) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.update_or_create(key=key, defaults={"name": name, "order": order * 10})
    for code, name, native in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "native_name": native})


def backwards(apps, schema_editor):
    apps.get_model("registry", "Topic").objects.filter(key__in=[k for k, _ in TOPICS]).delete()
    apps.get_model("registry", "TargetGroup").objects.filter(key__in=[k for k, _ in TARGET_GROUPS]).delete()
    apps.get_model("registry", "Language").objects.filter(code__in=[c for c, _, _ in LANGUAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
