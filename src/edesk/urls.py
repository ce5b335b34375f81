from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inbound:desk", permanent=False)),
    path("tai-khoan/", include("edesk.accounts.urls")),
    path("quan-tri/", include("edesk.orgs.urls")),
    path("nhat-ky/", include("edesk.audit.urls")),
    path("van-ban-den/", include("edesk.inbound.urls")),
    path("van-ban-di/", include("edesk.outbound.urls")),
    path("api/v1/", include("edesk.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.EDESK_BENCH:
    from edesk.core import bench_views

    urlpatterns.append(path("_bench/empty/", bench_views.empty, name="bench-empty"))
