from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "claimtrack"
admin.site.site_title = "claimtrack"
admin.site.index_title = "Claims, evidence and sources"

urlpatterns = [
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
    path("admin/", admin.site.urls),
]
