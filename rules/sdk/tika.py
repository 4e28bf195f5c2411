"""Fixture for rules/sdk/tika.json."""
from django.conf import settings
from tika import parser as tika_parser


def extract(data):
    # edge: sdk_call tika.parser.from_buffer
    return tika_parser.from_buffer(data, requestOptions={"headers": {"X-Tika-PDFextractInlineImages": "true"}})


def extract_file(path):
    # edge: sdk_call tika.parser.from_file
    return tika_parser.from_file(path, settings.TIKA_URL)
