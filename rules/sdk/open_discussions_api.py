"""Fixture for rules/sdk/open_discussions_api.json."""
from django.conf import settings
from open_discussions_api.client import OpenDiscussionsApi
from open_discussions_api.constants import ROLE_STAFF


def get_staff_client():
    return OpenDiscussionsApi(
        settings.OPEN_DISCUSSIONS_JWT_SECRET,
        settings.OPEN_DISCUSSIONS_BASE_URL,
        settings.OPEN_DISCUSSIONS_API_USERNAME,
        roles=[ROLE_STAFF],
    )


def create_discussion_user(profile):
    api = get_staff_client()
    # edge: sdk_call open_discussions_api.users.client.UsersApi.create
    return api.users.create(name=profile.full_name, image=profile.image_url)


def add_to_channel(channel_name, discussion_user):
    client = get_staff_client()
    # edge: sdk_call open_discussions_api.channels.client.ChannelsApi.add_contributor
    client.channels.add_contributor(channel_name, discussion_user.username)
    # edge: sdk_call open_discussions_api.channels.client.ChannelsApi.add_subscriber
    client.channels.add_subscriber(channel_name, discussion_user.username)
