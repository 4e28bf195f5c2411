"""Fixture for rules/http/aiohttp.json."""
import aiohttp
from bs4 import BeautifulSoup

FEEDS = "https://feeds.acme.io"


async def fetch_page(slug):
    async with aiohttp.ClientSession() as session:
        # edge: http_call aiohttp.ClientSession.get
        async with session.get(f"{FEEDS}/pages/{slug}") as resp:
            html = await resp.text()
    return BeautifulSoup(html, "html.parser").title


async def with_base():
    async with aiohttp.ClientSession(base_url="https://api.acme.io") as session:
        # edge: http_call aiohttp.ClientSession.post
        await session.post("/v1/jobs", json={}, ssl=False)
        # edge: http_call aiohttp.ClientSession.ws_connect
        await session.ws_connect("/v1/stream")


async def module_level():
    # edge: http_call aiohttp.request
    async with aiohttp.request("GET", FEEDS + "/health") as resp:
        return resp.status
