from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "Placeboard administration"
admin.site.site_title = "Placeboard"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sign-in/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("placeboard.performance.urls")),
    path("", include("placeboard.performance.revision_urls")),
    path("", include("placeboard.reports.urls")),
    path("", include("placeboard.imports.urls")),
    path("", include("placeboard.benchmarking.urls")),
    path("", include("placeboard.engagement.urls")),
    path("", include("placeboard.engagement.open311_urls")),
    path("", include("placeboard.funding.urls")),
    path("", include("placeboard.selfassessment.urls")),
    path("", include("placeboard.opendata.urls")),
    path("", include("placeboard.api.urls")),
    path("", include("placeboard.core.urls")),
]
