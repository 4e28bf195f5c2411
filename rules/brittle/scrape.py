"""Fixture for rules/brittle/scrape.json: html_scrape and token_scrape around requests in one function."""
import json
import re

import html5lib
import requests
from bs4 import BeautifulSoup as bs
from lxml import html as lxml_html
from urllib.request import urlopen

PORTAL = "https://portal.acme.io"
PRICE = re.compile(r"Price: (\d+)")


def soup_links():
    # edge: http_call requests.get
    response = requests.get(PORTAL + "/news", timeout=5)
    body = response.content
    soup = bs(body, "html.parser")
    return soup.select("a.title")


def lxml_table():
    # edge: http_call requests.get
    tree = lxml_html.fromstring(requests.get(PORTAL + "/table", timeout=5).text)
    return tree.xpath("//td/text()")


def html5(url):
    # edge: http_call urllib.request.urlopen
    page = urlopen(url, timeout=5).read()
    return html5lib.parse(page)


def compiled_regex():
    # edge: http_call requests.get
    text = requests.get(PORTAL + "/price", timeout=5).text
    return PRICE.search(text).group(1)


def json_is_not_scraping():
    # edge: http_call requests.get
    data = requests.get(PORTAL + "/api/items", timeout=5).json()
    return re.findall(r"\d+", json.dumps(data))


def csrf_login(user):
    browser = requests.Session()
    # edge: http_call requests.Session.get
    browser.get(PORTAL + "/", timeout=5)
    # edge: http_call requests.Session.get
    page = browser.get(PORTAL + "/login", timeout=5)
    token = bs(page.text, "html.parser").find("input", {"name": "authenticity_token"})["value"]
    # edge: http_call requests.Session.post
    browser.post(PORTAL + "/login", data={"authenticity_token": token, "user": user}, timeout=5)


def cookie_handoff():
    # edge: http_call requests.post
    resp = requests.post(PORTAL + "/session", timeout=5)
    sid = resp.cookies["sessionid"]
    return call_api(sid)


def call_api(sid):
    # edge: http_call requests.get
    return requests.get(PORTAL + "/api/me", cookies={"sessionid": sid}, timeout=5)


def status_is_not_a_token():
    # edge: http_call requests.get
    resp = requests.get(PORTAL + "/ping", timeout=5)
    code = resp.status_code
    # edge: http_call requests.post
    requests.post(PORTAL + "/report", json={"code": code}, timeout=5)


def podcast_feed(rss_url):
    # edge: http_call requests.get (an XML feed read with BeautifulSoup's "xml" parser: transport RSS, not an HTML scrape)
    response = requests.get(rss_url, timeout=5)
    feed = bs(response.content, "xml")
    return [item.find("enclosure") for item in feed.find_all("item")]


def stock_levels():
    from xml.etree import ElementTree

    # edge: http_call requests.get (an XML API read with ElementTree: transport REST XML)
    response = requests.get(PORTAL + "/stock.xml", timeout=5)
    return ElementTree.fromstring(response.content).findall("item")
