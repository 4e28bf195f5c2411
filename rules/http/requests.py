"""Fixture for rules/http/requests.json: every entry, annotated (see rules/README.md)."""
import json
import re

import requests
import requests as r
from bs4 import BeautifulSoup
from requests import Session
from requests.api import request as api_request

API = "https://api.acme.io"
session = requests.Session()


def functions(token):
    # edge: http_call requests.get
    requests.get(API + "/items", timeout=5)
    # edge: http_call requests.post
    r.post(f"{API}/items", json={}, timeout=5)
    # edge: http_call requests.put
    requests.put(url=API + "/items/1", timeout=5)
    # edge: http_call requests.patch
    requests.patch(API + "/items/1", timeout=(3, 10))
    # edge: http_call requests.delete
    requests.delete(API + "/items/1")
    # edge: http_call requests.head
    requests.head(API, timeout=5, verify=False)
    # edge: http_call requests.options
    requests.options(API, timeout=5)
    # edge: http_call requests.request
    requests.request("put", API + "/items/2", timeout=5)
    # edge: http_call requests.api.request
    api_request(method="DELETE", url=API + "/items/3", timeout=5)


def passes_kwargs(url, **kwargs):
    # edge: http_call requests.get
    return requests.get(url, **kwargs)


def sessions():
    # edge: http_call requests.Session.get
    session.get(API + "/global", timeout=5)
    local = Session()
    # edge: http_call requests.Session.post
    local.post(API + "/local")
    with requests.session() as s:
        # edge: http_call requests.Session.request
        s.request("GET", API + "/with", timeout=5)


class Client:
    def __init__(self):
        self.http = requests.Session()

    def fetch(self, path):
        # edge: http_call requests.Session.get
        return self.http.get(f"{API}/things/{path}", timeout=5)


def scrape():
    # edge: http_call requests.get
    page = requests.get("https://news.acme.io/", timeout=5)
    soup = BeautifulSoup(page.text, "html.parser")
    return [a["href"] for a in soup.find_all("a")]


def login(user, password):
    web = requests.Session()
    # edge: http_call requests.Session.get
    form = web.get(API + "/login", timeout=5)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    # edge: http_call requests.Session.post
    web.post(API + "/login", data={"csrfmiddlewaretoken": csrf, "user": user, "pw": password}, timeout=5)


def not_requests(cache, data):
    # ok: http_call
    cache.get(API)
    # ok: http_call
    data.get("url")
    # ok: http_call
    requests.Request("GET", API)


def catalog_query(department):
    body = json.dumps({"query": "{ courses(department: \"%s\") { title } }" % department})
    # edge: http_call requests.post (a JSON body with a "query": GraphQL)
    requests.post(API + "/catalog", data=json.dumps({"query": "{ courses { title } }"}), timeout=5)
    # edge: http_call requests.post (a /graphql endpoint)
    return requests.post(API + "/graphql/", data=body, timeout=5)
