"""Fixture for rules/sdk/django_mail.json."""
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives


def notify(subject, body):
    with mail.get_connection(settings.NOTIFICATION_EMAIL_BACKEND) as connection:
        # edge: sdk_call django.core.mail.send_mail
        mail.send_mail(subject, body, settings.FROM_EMAIL, [settings.SUPPORT_EMAIL], connection=connection)


def welcome(user, html):
    msg = EmailMultiAlternatives("Welcome", "Hi", settings.FROM_EMAIL, [user.email])
    # ok: sdk_call
    msg.attach_alternative(html, "text/html")
    # edge: sdk_call django.core.mail.EmailMessage.send
    msg.send()


def bulk(messages):
    connection = mail.get_connection()
    # edge: sdk_call django.core.mail.backends.base.BaseEmailBackend.send_messages
    connection.send_messages(messages)


def receipts(messages):
    with mail.get_connection("anymail.backends.mailgun.EmailBackend") as connection:
        # edge: sdk_call django.core.mail.backends.base.BaseEmailBackend.send_messages
        connection.send_messages(messages)


def reminder(user):
    connection = mail.get_connection(backend="django_ses.SESBackend")
    msg = EmailMultiAlternatives("Reminder", "Hi", settings.FROM_EMAIL, [user.email], connection=connection)
    # edge: sdk_call django.core.mail.EmailMessage.send
    msg.send()
