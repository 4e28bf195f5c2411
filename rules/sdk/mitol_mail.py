"""Fixture for rules/sdk/mitol_mail.json."""
from mitol.mail.api import build_message, get_message_sender, send_message

from payments.messages import ReceiptMessage, RefundMessage


def send_receipt(order):
    with get_message_sender(ReceiptMessage) as sender:
        # edge: sdk_call mitol.mail.api.MessageSenderAPI.build_and_send_message
        sender.build_and_send_message(order.purchaser, {"order": order})


def send_refund_notice(connection, refund):
    message = build_message(connection, RefundMessage, refund.user, {"refund": refund})
    # edge: sdk_call mitol.mail.api.send_message
    send_message(message)
