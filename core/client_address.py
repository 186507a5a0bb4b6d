"""The address a request came from (login throttle, booking clicks), and its keyed hash."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


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


def hash_ip(ip: str) -> str:
    """
    A keyed hash of an address (HMAC with SECRET_KEY): rate limits and
    duplicate checks work, the address itself is never stored. The salt is
    the comments' (where it began), so stored hashes stay comparable.
    """
    return salted_hmac("comments.ip", ip, algorithm="sha256").hexdigest() if ip else ""
