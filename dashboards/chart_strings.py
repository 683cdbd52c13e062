"""The texts of `reports.charts`, so that `makemessages` run inside dashboards/ collects them.

The chart module lives in reports/ (pages and PDF share it) but its Latvian texts are
kept with the dashboards' catalogue; gettext finds a msgid in any app's catalogue.
Keep this list in step with the `_()` calls in reports/charts.py.
"""

from django.utils.translation import gettext_noop

CHART_STRINGS = (
    gettext_noop("Year"),
    gettext_noop("Library"),
    gettext_noop("yes"),
    gettext_noop("Line chart. %(summary)s"),
    gettext_noop("%(name)s: no data"),
    gettext_noop("%(name)s from %(first)s (%(first_cat)s) to %(last)s (%(last_cat)s)"),
    gettext_noop("Bar chart of %(count)s values, from %(low)s (%(low_label)s) "
                 "to %(high)s (%(high_label)s)."),
    gettext_noop("Bar chart without data."),
)
