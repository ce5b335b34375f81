"""Celery application. Without REDIS_URL tasks run in-process (eager), so the embedded run needs no broker."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edesk.settings")

app = Celery("edesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
