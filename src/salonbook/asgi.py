"""The ASGI application (uvicorn serves it; live updates need ASGI for streaming)."""

import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salonbook.settings")

# A self-hosted salon runs one small server: it serves its own static files rather than
# needing a separate web server in front of it.
application = ASGIStaticFilesHandler(get_asgi_application())
