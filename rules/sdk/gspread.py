"""Fixture for rules/sdk/gspread.json."""
import gspread


def roster(path):
    gc = gspread.service_account(filename=path)
    # edge: sdk_call gspread.Client.open_by_key
    book = gc.open_by_key("1AbCdEf")
    # edge: sdk_call gspread.Worksheet.get_all_records
    rows = book.sheet1.get_all_records()
    # edge: sdk_call gspread.Spreadsheet.worksheet
    archive = book.worksheet("Archive")
    # edge: sdk_call gspread.Worksheet.append_rows
    archive.append_rows(rows)
    return rows
