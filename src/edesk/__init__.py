"""edesk — Hệ thống Quản lý văn bản và Điều hành."""

from edesk.celery import app as celery_app

__all__ = ["celery_app"]
