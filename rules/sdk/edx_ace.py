"""Fixture for rules/sdk/edx_ace.json."""
from edx_ace import ace
from edx_ace.recipient import Recipient


def send_program_certificate_email(message_type, user, context):
    msg = message_type.personalize(recipient=Recipient(user.id, user.email), language="en", user_context=context)
    # edge: sdk_call edx_ace.ace.send
    ace.send(msg)
