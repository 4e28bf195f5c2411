"""Fixture for rules/sdk/ocw_data_parser.py."""
from django.conf import settings
from ocw_data_parser import OCWParser


def digest(folder):
    parser = OCWParser(loaded_jsons=folder, s3_bucket_name=settings.OCW_BUCKET)
    # ok: sdk_call
    parser.setup_s3_uploading(settings.OCW_BUCKET, settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY)
    # edge: sdk_call ocw_data_parser.OCWParser.upload_all_media_to_s3
    parser.upload_all_media_to_s3(upload_parsed_json=True)
