from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import two_factor

WRONG_CODE = _("The code is wrong or has expired. Check the time on your phone and try again.")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True, "spellcheck": "false"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_code(self):
        code = self.cleaned_data["code"]
        self.device = self.check(code)
        if self.device is None:
            raise forms.ValidationError(WRONG_CODE)
        return code

    def check(self, code):
        return two_factor.check_code(self.user, code)


class SetupForm(CodeForm):
    """The first code from the authenticator app confirms the new (unconfirmed) device."""

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_device = device

    def check(self, code):
        code = two_factor.normalise_code(code)
        return self.new_device if code.isdigit() and self.new_device.verify_token(code) else None
