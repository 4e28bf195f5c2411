"""Fixture for rules/sdk/mitol_transcoding.json."""
from mitol.transcoding.api import make_media_convert_job, media_convert_job


def transcode(video):
    # edge: sdk_call mitol.transcoding.api.media_convert_job
    job = media_convert_job(video.s3_key, source_prefix="uploads/", source_bucket="videos", destination_bucket="out")
    return job["Job"]["Id"]


def job_settings(video):
    # Only builds the job's settings dict.
    # ok: sdk_call
    return make_media_convert_job(video.s3_key, "uploads/", "videos", "out")
