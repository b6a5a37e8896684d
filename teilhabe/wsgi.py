import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teilhabe.settings")
application = get_wsgi_application()
# What loading the app made (modules, URL patterns, settings, translations) lives as long as the worker: kept out of
# the garbage collector's passes, which otherwise walk it again and again.
gc.freeze()
