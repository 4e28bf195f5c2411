"""Fixture for rules/sdk/segment.json."""
import analytics
from segment.analytics.client import Client as SegmentClient


def track_enrollment(user_id, course_key):
    # edge: sdk_call analytics.track
    analytics.track(user_id=user_id, event="enrolled", properties={"course": course_key})


def track_certificate(site_config, user):
    client = SegmentClient(write_key=site_config.segment_key)
    # edge: sdk_call segment.Client.track
    client.track(user.id, "certificate awarded")
    # ok: sdk_call
    client.shutdown()
