"""Fixture for rules/http/feedparser.json."""
import feedparser
import requests
from django.conf import settings


def blog_posts():
    # edge: http_call feedparser.parse
    return feedparser.parse(settings.BLOG_RSS_URL).entries


def user_feed(url):
    # edge: http_call feedparser.parse
    return feedparser.parse(url)


def already_fetched():
    # edge: http_call requests.get
    resp = requests.get("https://podcasts.acme.io/rss", timeout=10)
    # ok: http_call
    return feedparser.parse(resp.content)


def inline():
    # ok: http_call
    return feedparser.parse("<rss version='2.0'><channel><title>t</title></channel></rss>")
