"""Django's own messages in the portal's Latvian.

Django's Latvian catalogue swaps the plural forms of the password rules ("vismaz 8
rakstzīmei") and speaks informally ("Ievadi"), and the invited librarian's first page
reads these. They are listed here so that `./scripts/makemessages` keeps them in the
project's catalogue (`locale/`), the one Django reads before django.contrib.auth's own.
Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    ngettext_lazy("Your password must contain at least %(min_length)d character.",
                  "Your password must contain at least %(min_length)d characters.",
                  "min_length"),
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.",
                  "min_length"),
    gettext_noop("Enter the same password as before, for verification."),
)
