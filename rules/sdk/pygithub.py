"""Fixture for rules/sdk/pygithub.json."""
import github
from django.conf import settings


def podcast_configs():
    gh = github.Github(auth=github.Auth.Token(settings.GITHUB_ACCESS_TOKEN))
    # edge: sdk_call github.Github.get_repo
    repo = gh.get_repo("mitodl/open-podcast-data")
    # edge: sdk_call github.Repository.Repository.get_contents
    return repo.get_contents("podcasts")


def publish(sha):
    gh = github.Github(auth=github.Auth.Token(settings.GITHUB_ACCESS_TOKEN))
    # edge: sdk_call github.Github.get_repo
    repo = gh.get_repo("mitodl/site-content")
    # edge: sdk_call github.Repository.Repository.get_git_ref
    ref = repo.get_git_ref("heads/release")
    # Moving the branch is a request of its own.
    # edge: sdk_call github.GitRef.GitRef.edit
    ref.edit(sha)


def installation_token(app_id, private_key, installation_id):
    integration = github.GithubIntegration(app_id, private_key)
    # edge: sdk_call github.GithubIntegration.get_access_token
    return integration.get_access_token(installation_id).token
