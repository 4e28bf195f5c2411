"""Fixture for rules/sdk/mitol_google_sheets.json."""
from mitol.google_sheets.api import get_authorized_pygsheets_client
from mitol.google_sheets.sheet_handler_api import GoogleSheetsChangeRequestHandler
from mitol.google_sheets_refunds.api import RefundRequestHandler


class EnrollmentChangeHandler(GoogleSheetsChangeRequestHandler):
    """The service's own change-request sheet: the library's process_sheet() does the Sheets API calls."""

    def process_row(self, row_index, row_data):
        return None


def process_refund_requests():
    # edge: sdk_call mitol.google_sheets.sheet_handler_api.SheetHandler.process_sheet
    return RefundRequestHandler().process_sheet()


def process_enrollment_changes():
    handler = EnrollmentChangeHandler()
    # edge: sdk_call mitol.google_sheets.sheet_handler_api.SheetHandler.process_sheet
    return handler.process_sheet()


def sheet_titles(sheet_id):
    client = get_authorized_pygsheets_client()
    # edge: sdk_call pygsheets.client.Client.open_by_key
    return [ws.title for ws in client.open_by_key(sheet_id).worksheets()]
