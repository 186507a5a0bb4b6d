"""The address a request came from, as the login throttle and booking clicks count it."""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """
    Behind a proxy every request comes from the proxy, so
    LOGIN_CLIENT_IP_HEADER names the header the proxy overwrites with the
    real address (nginx: ``proxy_set_header X-Real-IP $remote_addr;`` ->
    ``HTTP_X_REAL_IP``). Never a header the client could set itself.
    """
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header and (value := request.META.get(header, "").strip()):
        return value
    return request.META.get("REMOTE_ADDR", "")
