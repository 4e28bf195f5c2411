"""Fixture for rules/sdk/pygithub.json."""
import github
from django.conf import settings


def podcast_configs():
    gh = github.Github(auth=github.Auth.Token(settings.GITHUB_ACCESS_TOKEN))
    # edge: sdk_call github.Github.get_repo
    repo = gh.get_repo("mitodl/open-podcast-data")
    # edge: sdk_call github.Repository.Repository.get_contents
    return repo.get_contents("podcasts")
