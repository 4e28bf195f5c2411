"""Fixture for rules/http/mitol_common.json."""
from django.conf import settings
from mitol.common.utils.http_requests import request_get_with_timeout_retry


def bounced_emails(domain):
    url = f"{settings.MAILGUN_URL}/{domain}/bounces"
    # The helper passes no timeout to requests.
    # edge: http_call mitol.common.utils.http_requests.request_get_with_timeout_retry
    return request_get_with_timeout_retry(url, retries=3).json()
