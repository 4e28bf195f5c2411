"""Fixture for rules/http/pycurl.json."""
from io import BytesIO

import pycurl


def download():
    buffer = BytesIO()
    c = pycurl.Curl()
    # edge: http_call pycurl.Curl.setopt
    c.setopt(pycurl.URL, "https://mirror.acme.io/catalog.xml")
    # ok: http_call
    c.setopt(pycurl.WRITEDATA, buffer)
    c.perform()
    c.close()
    return buffer.getvalue()
