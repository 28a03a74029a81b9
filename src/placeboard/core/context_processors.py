from django.conf import settings


def placeboard(request):
    return {"site_name": "Placeboard", "debug": settings.DEBUG}
