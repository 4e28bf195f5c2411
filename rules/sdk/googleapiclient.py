"""Fixture for rules/sdk/googleapiclient.json."""
from django.conf import settings
from googleapiclient.discovery import build


def drive_service(credentials):
    return build("drive", "v3", credentials=credentials, cache_discovery=False)


def file_metadata(credentials, file_id):
    # edge: sdk_call googleapiclient.drive.files.get.execute
    return drive_service(credentials).files().get(fileId=file_id, fields="id, name").execute()


def share(credentials, file_id, emails):
    drive = drive_service(credentials)
    batch = drive.new_batch_http_request()
    for email in emails:
        # ok: sdk_call
        batch.add(drive.permissions().create(fileId=file_id, body={"emailAddress": email}))
    # edge: sdk_call googleapiclient.drive.new_batch_http_request.execute
    batch.execute()


def videos(video_ids):
    youtube = build("youtube", "v3", developerKey=settings.YOUTUBE_DEVELOPER_KEY)
    request = youtube.videos().list(part="snippet", id=",".join(video_ids))
    # edge: sdk_call googleapiclient.youtube.videos.list.execute
    return request.execute()


def calendar_events(credentials, name):
    service = build(name, "v1", credentials=credentials)
    # edge: sdk_call googleapiclient.discovery.Resource.events.list.execute
    return service.events().list(calendarId="primary").execute()


def upload_video(credentials, body, media):
    youtube = build("youtube", "v3", credentials=credentials)
    request = youtube.videos().insert(part="snippet,status", body=body, media_body=media)
    response = None
    while response is None:
        # A resumable upload sends each chunk with next_chunk() instead of execute().
        # edge: sdk_call googleapiclient.youtube.videos.insert.next_chunk
        _, response = request.next_chunk()
    return response


def report_views(credentials, body):
    analytics = build("analyticsreporting", "v4", credentials=credentials)
    # edge: sdk_call googleapiclient.analytics.reports.batchGet.execute
    return analytics.reports().batchGet(body=body).execute()
