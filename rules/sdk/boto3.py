"""Fixture for rules/sdk/boto3.json."""
import boto3
from django.conf import settings

EXPORT_BUCKET = "acme-exports"


def client_calls(key):
    s3 = boto3.client("s3", region_name="us-east-1")
    # edge: sdk_call boto3.s3.Client.get_object
    body = s3.get_object(Bucket=EXPORT_BUCKET, Key=f"daily/{key}.json")["Body"].read()
    # edge: sdk_call boto3.s3.Client.upload_file
    s3.upload_file("/tmp/report.csv", settings.REPORTS_BUCKET, "reports/latest.csv")
    # edge: sdk_call boto3.s3.Client.list_objects_v2
    s3.list_objects_v2(Bucket=EXPORT_BUCKET, Prefix="daily/")
    # ok: sdk_call
    s3.generate_presigned_url("get_object", Params={"Bucket": EXPORT_BUCKET, "Key": key})
    return body


def get_bucket():
    s3 = boto3.resource("s3", aws_access_key_id=settings.AWS_ACCESS_KEY_ID)
    return s3.Bucket(name=settings.OCW_BUCKET)


def resource_calls():
    bucket = get_bucket()
    # edge: sdk_call boto3.s3.BucketObjects.filter
    for summary in bucket.objects.filter(Prefix="courses/"):
        print(summary.key)
    # edge: sdk_call boto3.s3.Bucket.put_object
    bucket.put_object(Key="extracts/run.json", Body=b"{}")
    # edge: sdk_call boto3.s3.Bucket.download_file
    bucket.download_file("exports/2024.tar.gz", "/tmp/export.tar.gz")
    # edge: sdk_call boto3.s3.BucketObject.get
    return bucket.Object("index.json").get()["Body"].read()


def object_calls():
    # edge: sdk_call boto3.s3.Object.put
    boto3.resource("s3").Object(EXPORT_BUCKET, "flags.json").put(Body=b"{}")


def queue(message):
    sqs = boto3.Session(profile_name="etl").client("sqs")
    # edge: sdk_call boto3.sqs.Client.send_message
    sqs.send_message(QueueUrl=settings.QUEUE_URL, MessageBody=message)


def other_service():
    rds = boto3.client("rds")
    # ok: sdk_call
    rds.describe_db_instances()


def publish(key):
    s3 = boto3.client("s3")
    # The managed copy writes the destination: PUT s3://<Bucket>/<Key>.
    # edge: sdk_call boto3.s3.Client.copy
    s3.copy({"Bucket": settings.REPORTS_BUCKET, "Key": key}, settings.PUBLISH_BUCKET, f"site/{key}")
    # edge: sdk_call boto3.s3.Client.delete_objects
    s3.delete_objects(Bucket=settings.PUBLISH_BUCKET, Delete={"Objects": [{"Key": f"old/{key}"}]})


def invalidate(paths):
    # edge: sdk_call boto3.cloudfront.Client.create_invalidation
    boto3.client("cloudfront").create_invalidation(
        DistributionId=settings.CLOUDFRONT_DIST, InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": paths}}
    )


def transcode(job):
    client = boto3.client("mediaconvert", region_name="us-east-1", endpoint_url=settings.VIDEO_TRANSCODE_ENDPOINT)
    # edge: sdk_call boto3.mediaconvert.Client.create_job
    return client.create_job(**job)
