"""Fixture for rules/sdk/langgraph.json."""
from django.conf import settings
from langchain_litellm import ChatLiteLLM
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent


class RecommendationBot:
    def __init__(self, model, tools):
        self.llm = ChatLiteLLM(model=model, api_base=settings.AI_PROXY_URL, streaming=True)
        self.agent = self.create_agent_graph(tools)

    def create_agent_graph(self, tools):
        return create_react_agent(self.llm, tools=tools, prompt="You recommend courses.")

    async def get_completion(self, message):
        # edge: sdk_call langchain_litellm.ChatLiteLLM.astream
        async for chunk in self.agent.astream({"messages": [message]}, stream_mode="messages"):
            yield chunk


def summarize(text):
    agent = create_react_agent(model=ChatOpenAI(model="gpt-4o-mini", timeout=30), tools=[])
    # edge: sdk_call langchain_openai.ChatOpenAI.invoke
    return agent.invoke({"messages": [("user", text)]})


def by_name(text):
    # A model named by a string: no client to follow, no edge.
    agent = create_react_agent("openai:gpt-4o", tools=[])
    return agent.invoke({"messages": [("user", text)]})
