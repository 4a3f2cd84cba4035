"""Settings of the load benchmark's server: the production settings plus a hello-world page.

Only ``python -m bench load`` starts a server with these (``DJANGO_SETTINGS_MODULE=bench.load_settings``);
production never imports this module, so ``/hello/`` exists only there.
"""

from cchc.settings import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
