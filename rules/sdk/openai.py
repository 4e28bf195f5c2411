"""Fixture for rules/sdk/openai.json."""
import openai
from django.conf import settings
from openai import OpenAI


def summarize(text):
    client = OpenAI(api_key=settings.OPENAI_API_KEY)
    # edge: sdk_call openai.OpenAI.chat.completions.create
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])


def embed(texts):
    proxy = OpenAI(base_url=settings.LITELLM_PROXY_URL)
    # edge: sdk_call openai.OpenAI.embeddings.create
    return proxy.embeddings.create(model="text-embedding-3-small", input=texts)


def legacy(prompt):
    # edge: sdk_call openai.ChatCompletion.create
    return openai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[{"role": "user", "content": prompt}])
