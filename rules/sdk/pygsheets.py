"""Fixture for rules/sdk/pygsheets.json."""
import pygsheets
from django.conf import settings


def get_client(credentials):
    client = pygsheets.authorize(custom_credentials=credentials)
    # ok: sdk_call
    client.drive.enable_team_drive(team_drive_id=settings.DRIVE_SHARED_ID)
    return client


class SheetHandler:
    def __init__(self, credentials):
        self.client = get_client(credentials)
        # edge: sdk_call pygsheets.client.Client.open_by_key
        self.spreadsheet = self.client.open_by_key(settings.SHEET_ID)

    def rows(self):
        # edge: sdk_call pygsheets.worksheet.Worksheet.get_all_values
        return self.spreadsheet.sheet1.get_all_values(include_tailing_empty=False)

    def mark(self, row):
        worksheet = self.spreadsheet.worksheet_by_title("Requests")
        # edge: sdk_call pygsheets.worksheet.Worksheet.update_value
        worksheet.update_value(f"A{row}", "done")
        # edge: sdk_call pygsheets.worksheet.Worksheet.cell
        cell = worksheet.cell(f"B{row}")
        # edge: sdk_call pygsheets.cell.Cell.set_text_format
        cell.set_text_format("bold", True)

    def files(self):
        # edge: sdk_call pygsheets.drive.DriveAPIWrapper.list
        return self.client.drive.list(q="mimeType='application/vnd.google-apps.spreadsheet'")

    def drive_metadata(self, file_id):
        # edge: sdk_call googleapiclient.drive.files.get.execute
        return self.client.drive.service.files().get(fileId=file_id).execute()
