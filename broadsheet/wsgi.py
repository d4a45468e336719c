import os
from wsgiref.types import WSGIApplication

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings.production")

application: WSGIApplication = get_wsgi_application()

if settings.PAGECACHE["ENABLED"]:
    # Pages kept by the page cache are answered before Django's middleware run.
    from broadsheet.pagecache.front import PageCacheApp

    application = PageCacheApp(application)

# View beacons are counted before Django runs too (broadsheet.engagement.beacon).
from broadsheet.engagement.beacon import BeaconApp  # noqa: E402

application = BeaconApp(application)
