"""Fixture for rules/sdk/langsmith.json."""
from django.conf import settings
from langsmith import Client as LangsmithClient
from langsmith import trace


def get_prompt(name):
    client = LangsmithClient(api_key=settings.LANGSMITH_API_KEY)
    # edge: sdk_call langsmith.Client.pull_prompt
    return client.pull_prompt(name)


def update_prompt(name, template):
    client = LangsmithClient(api_key=settings.LANGSMITH_API_KEY, api_url=settings.LANGSMITH_ENDPOINT)
    # edge: sdk_call langsmith.Client.push_prompt
    client.push_prompt(name, object=template)


def traced(messages):
    # ok: sdk_call
    with trace(name="chat", inputs={"messages": messages}) as run:
        run.end(outputs={"output": "done"})
