"""Fixture for rules/sdk/sftp.json."""
import paramiko
import pysftp
from django.conf import settings


def upload_results(path):
    cnopts = pysftp.CnOpts()
    # edge: sdk_call pysftp.Connection
    with pysftp.Connection(
        host=settings.EXAMS_SFTP_HOST,
        port=int(settings.EXAMS_SFTP_PORT),
        username=settings.EXAMS_SFTP_USERNAME,
        password=settings.EXAMS_SFTP_PASSWORD,
        cnopts=cnopts,
    ) as sftp:
        sftp.cd(settings.EXAMS_SFTP_UPLOAD_DIR)
        # edge: sdk_call pysftp.Connection.put
        sftp.put(path)
        # edge: sdk_call pysftp.Connection.listdir
        return sftp.listdir()


def fetch_report(name):
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # edge: sdk_call paramiko.SSHClient.connect
    client.connect("sftp.vendor.example.com", username="edx", timeout=30)
    sftp = client.open_sftp()
    # edge: sdk_call paramiko.SFTPClient.get
    sftp.get(f"/outgoing/{name}", f"/tmp/{name}")
    sftp.close()
    client.close()
