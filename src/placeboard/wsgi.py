import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "placeboard.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL and template machinery) lives as long as the process:
# moved out of the collector's sight, so a request that makes tens of thousands of objects no longer pays for
# the cyclic collector walking them all again (about 50 ms a request on a list of 300 indicators), and
# workers forked from this process share those pages instead of copying them when the collector touches them.
gc.freeze()
