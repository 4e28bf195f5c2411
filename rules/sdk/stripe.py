"""Fixture for rules/sdk/stripe.json."""
import stripe
from django.conf import settings

stripe.api_key = settings.STRIPE_SECRET_KEY


def start_checkout(order):
    # edge: sdk_call stripe.checkout.Session.create
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[{"price": order.price_id, "quantity": 1}],
        success_url=settings.SITE_BASE_URL + "/checkout/result/",
    )
    return session.url


def refund(payment_intent_id):
    # edge: sdk_call stripe.Refund.create
    return stripe.Refund.create(payment_intent=payment_intent_id)


def customer(customer_id):
    # edge: sdk_call stripe.Customer.retrieve
    return stripe.Customer.retrieve(customer_id)


def preview_invoice(customer_id):
    # edge: sdk_call stripe.Invoice.create_preview
    return stripe.Invoice.create_preview(customer=customer_id)


def handle_webhook(payload, signature):
    # ok: sdk_call (a local signature check)
    return stripe.Webhook.construct_event(payload, signature, settings.STRIPE_WEBHOOK_SECRET)


def client_refund(charge_id):
    client = stripe.StripeClient(settings.STRIPE_SECRET_KEY)
    # ok: sdk_call (a local signature check)
    client.construct_event("{}", "sig", settings.STRIPE_WEBHOOK_SECRET)
    # edge: sdk_call stripe.StripeClient.v1.refunds.create
    return client.v1.refunds.create({"charge": charge_id})
