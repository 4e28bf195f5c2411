"""Fixture for rules/sdk/wagtail_embeds.json."""
from django.conf import settings
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.finders.embedly import EmbedlyFinder
from wagtail.embeds.finders.oembed import OEmbedFinder
from wagtail.embeds.oembed_providers import youtube


class YouTubeFinder(OEmbedFinder):
    def __init__(self, providers=None, options=None):
        # ok: http_call
        super().__init__(providers=[youtube], options=options)

    def find_embed(self, url, max_width=None):
        # edge: http_call wagtail.embeds.finders.oembed.OEmbedFinder.find_embed
        embed = super().find_embed(url, max_width)
        return embed["html"]


def video_html(url):
    # edge: http_call wagtail.embeds.embeds.get_embed
    return get_embed(url).html


def embedly(url):
    finder = EmbedlyFinder(key=settings.EMBEDLY_KEY)
    # edge: http_call wagtail.embeds.finders.embedly.EmbedlyFinder.find_embed
    return finder.find_embed(url)
