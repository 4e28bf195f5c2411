"""Fixture for rules/sdk/pytube.json."""
import pytube


def captions(video):
    # edge: sdk_call pytube.YouTube
    client = pytube.YouTube(video.url)
    return client.captions.all()
