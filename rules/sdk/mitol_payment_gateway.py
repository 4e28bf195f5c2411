"""Fixture for rules/sdk/mitol_payment_gateway.json."""
from django.conf import settings
from mitol.payment_gateway.api import CyberSourcePaymentGateway, PaymentGateway
from mitol.payment_gateway.constants import MITOL_PAYMENT_GATEWAY_CYBERSOURCE

GATEWAY = "CyberSource"


def refund_order(refund):
    # edge: sdk_call mitol.payment_gateway.api.PaymentGateway.start_refund
    return PaymentGateway.start_refund(GATEWAY, refund)


def refund_with(gateway_name, refund):
    # The gateway is chosen at run time: the rule's own peer.
    # edge: sdk_call mitol.payment_gateway.api.PaymentGateway.start_refund
    return PaymentGateway.start_refund(gateway_name, refund)


def checkout(order, receipt_url, cancel_url):
    # A CyberSource payment is a form the browser posts: no call from here.
    # ok: sdk_call
    return PaymentGateway.start_payment(GATEWAY, order, receipt_url, cancel_url)


def stripe_checkout(order, receipt_url, cancel_url):
    # edge: sdk_call mitol.payment_gateway.api.PaymentGateway.start_payment
    return PaymentGateway.start_payment("Stripe", order, receipt_url, cancel_url)


def reconcile(reference_numbers):
    gateway = CyberSourcePaymentGateway()
    # edge: sdk_call mitol.payment_gateway.api.CyberSourcePaymentGateway.find_and_get_transactions
    return gateway.find_and_get_transactions(reference_numbers)
