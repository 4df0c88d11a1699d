"""Pure rules a user could read aloud: validation, money, dates and agreement numbers.

Nothing here imports Qt, SQL or ReportLab, so these rules run in milliseconds under test.
"""
