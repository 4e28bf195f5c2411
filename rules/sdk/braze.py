"""Fixture for rules/sdk/braze.json."""
from braze.client import BrazeClient
from django.conf import settings


class BrazeApiClient(BrazeClient):
    def __init__(self):
        super().__init__(api_key=settings.BRAZE_API_KEY, api_url=settings.BRAZE_API_URL, app_id=settings.BRAZE_APP_ID)


def notify_assigned(emails, campaign_id):
    client = BrazeApiClient()
    # edge: sdk_call braze.client.BrazeClient.create_braze_alias
    client.create_braze_alias(emails, "Enterprise")
    # edge: sdk_call braze.client.BrazeClient.send_campaign_message
    client.send_campaign_message(campaign_id, emails=emails)


def track(user_id):
    client = BrazeClient(settings.BRAZE_API_KEY, "https://rest.iad-06.braze.com", "app")
    # edge: sdk_call braze.client.BrazeClient.track_user
    client.track_user(events=[{"external_id": user_id, "name": "license-activated"}])
