"""Fixture for rules/sdk/sentry.json."""
import sentry_sdk


def init_sentry(*, dsn, environment):
    # ok: sdk_call (observability, not a service edge)
    sentry_sdk.init(dsn=dsn, environment=environment, traces_sample_rate=0.1)


def setup():
    init_sentry(dsn="https://abc123@o1.ingest.sentry.io/42", environment="production")
    # ok: sdk_call
    sentry_sdk.capture_message("started")
