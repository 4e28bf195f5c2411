"""Fixture for rules/sdk/posthog.json."""
import posthog
from django.conf import settings
from mitol.olposthog.features import is_enabled
from posthog import Posthog

client = Posthog(settings.POSTHOG_API_KEY, host=settings.POSTHOG_HOST)


def track(user):
    # edge: sdk_call posthog.Posthog.capture
    client.capture(distinct_id=user.id, event="signed_up")
    # edge: sdk_call posthog.feature_enabled
    return posthog.feature_enabled("new-onboarding", user.id)


def welcome_enabled():
    # edge: sdk_call mitol.olposthog.features.is_enabled
    return is_enabled("enrollment-welcome-email", default=False)
