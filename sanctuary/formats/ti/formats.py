"""Date and number formats for Tigrinya, which Django does not ship.

Day first, as in Eritrea and the UK (5 መጋቢት 2026, 05/03/2026), a 24-hour clock, and the
point and comma of the numbers people read there. Month and weekday names come from the
catalogue in locale_django/ti/.
"""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Django also accepts ISO dates (YYYY-MM-DD) everywhere, which is what date pickers send.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
