"""WSGI entry for gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

from confide.private import make_files_private

make_files_private()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "confide.settings")
application = get_wsgi_application()

# Load and validate the rule data (about half a second) as the worker starts, not inside the
# first clinician's request; a broken rule file then stops the server instead of a page.
from confide.policy.jurisdictions import all_jurisdictions  # noqa: E402

all_jurisdictions()

# A worker whose key ring cannot read this database's keys must not serve (or write) a thing:
# gunicorn stops when a worker fails to boot, with this message naming the key.
from confide.keyregistry import verify_ring  # noqa: E402

verify_ring()
