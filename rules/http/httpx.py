"""Fixture for rules/http/httpx.json."""
import httpx
from django.conf import settings

CATALOG = "https://catalog.acme.io/api"


def functions(course_id):
    # edge: http_call httpx.get
    httpx.get(f"{CATALOG}/courses/{course_id}")
    # edge: http_call httpx.post
    httpx.post(url=CATALOG + "/courses", json={}, verify=False)
    # edge: http_call httpx.stream
    with httpx.stream("GET", CATALOG + "/export") as response:
        return list(response.iter_bytes())


def sync_client():
    client = httpx.Client(base_url=CATALOG, timeout=10)
    # edge: http_call httpx.Client.get
    client.get("/runs")
    # edge: http_call httpx.Client.get
    client.get("https://other.acme.io/health")
    # ok: http_call
    client.build_request("GET", "/runs")


async def async_client():
    async with httpx.AsyncClient(base_url=settings.PARTNER_API_URL, verify=False) as c:
        # edge: http_call httpx.Client.get
        resp = await c.get("/x")
        # edge: http_call httpx.Client.request
        await c.request("DELETE", "/x/1")
    return resp


async def unknown(client):
    # ok: http_call
    await client.get("/y")
