"""Fixture for rules/sdk/anthropic.json."""
import anthropic
from django.conf import settings


def grade(answer):
    client = anthropic.Anthropic(api_key=settings.ANTHROPIC_API_KEY)
    # edge: sdk_call anthropic.Anthropic.messages.create
    message = client.messages.create(
        model="claude-3-5-haiku-latest",
        max_tokens=512,
        messages=[{"role": "user", "content": f"Grade this answer: {answer}"}],
    )
    return message.content[0].text


async def stream_hint(question):
    client = anthropic.AsyncAnthropic(base_url=settings.AI_GATEWAY_URL, timeout=20.0)
    # edge: sdk_call anthropic.Anthropic.messages.stream
    async with client.messages.stream(model="claude-3-5-sonnet-latest", max_tokens=256,
                                      messages=[{"role": "user", "content": question}]) as stream:
        return await stream.get_final_message()


def bedrock_summary(text):
    client = anthropic.AnthropicBedrock(aws_region="us-east-1")
    # edge: sdk_call anthropic.AnthropicBedrock.messages.create
    return client.messages.create(model="anthropic.claude-3-haiku-20240307-v1:0", max_tokens=256,
                                  messages=[{"role": "user", "content": text}])
